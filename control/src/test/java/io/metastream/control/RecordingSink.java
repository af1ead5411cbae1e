package io.metastream.control;

import io.metastream.domain.PromotionDecision;
import java.util.ArrayList;
import java.util.List;

/** An in-memory {@link DecisionSink}; can be told to fail like an unreachable ledger. */
final class RecordingSink implements DecisionSink {
    final List<PromotionDecision> decisions = new ArrayList<>();
    final List<String> pointer = new ArrayList<>();
    volatile boolean failing;

    @Override
    public synchronized void publish(PromotionDecision decision) {
        if (failing) {
            throw new IllegalStateException("ledger unreachable");
        }
        decisions.add(decision);
        if (decision.outcome() == PromotionDecision.Outcome.ACCEPTED) {
            pointer.add(decision.version());
        }
    }
}
