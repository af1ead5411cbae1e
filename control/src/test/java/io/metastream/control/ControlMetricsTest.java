package io.metastream.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.PromotionDecision;
import io.metastream.domain.PromotionDecision.Action;
import io.metastream.domain.PromotionDecision.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ControlMetricsTest {

    private static PromotionDecision decision(Action action, Outcome outcome, boolean forced) {
        return new PromotionDecision("d", action, "v1", null, "alice", "r", forced, outcome,
                outcome == Outcome.REFUSED ? "no" : null, null, null, Fixtures.T0);
    }

    private static Verdict verdict(PromotionDecision d, Refusal code) {
        return new Verdict(d.action(), d.version(), d.outcome(), d.refusal(), code, d.forced(), null, null, null);
    }

    private static void record(ControlMetrics m, Action action, Outcome outcome, boolean forced, Refusal code) {
        PromotionDecision d = decision(action, outcome, forced);
        m.decision(d, verdict(d, code));
    }

    @Test
    void countsDecisionsByActionOutcomeAndForced() {
        ControlMetrics m = new ControlMetrics(new SimpleMeterRegistry());

        record(m, Action.PROMOTE, Outcome.ACCEPTED, true, null);
        record(m, Action.PROMOTE, Outcome.REFUSED, false, Refusal.NOT_PASSED);
        record(m, Action.PROMOTE, Outcome.REFUSED, false, Refusal.BELOW_MARGIN);
        record(m, Action.ROLLBACK, Outcome.ACCEPTED, false, null);

        assertThat(m.decisionCount(Action.PROMOTE, Outcome.ACCEPTED, true)).isEqualTo(1);
        assertThat(m.decisionCount(Action.PROMOTE, Outcome.ACCEPTED, false)).isZero();
        assertThat(m.decisionCount(Action.PROMOTE, Outcome.REFUSED, false)).isEqualTo(2);
        assertThat(m.decisionCount(Action.ROLLBACK, Outcome.ACCEPTED, false)).isEqualTo(1);
        assertThat(m.refusalCount(Refusal.NOT_PASSED)).isEqualTo(1);
        assertThat(m.refusalCount(Refusal.BELOW_MARGIN)).isEqualTo(1);
        assertThat(m.refusalCount(Refusal.UNKNOWN_VERSION)).isZero();
    }

    @Test
    void registersEveryPossibleCombinationUpFrontWithBoundedTags() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ControlMetrics(registry).bindState(() -> ControlState.EMPTY, () -> true);

        assertThat(registry.find("metastream.control.decisions").counters()).hasSize(5);
        assertThat(registry.find("metastream.control.invalid.records").counters()).hasSize(2);
        assertThat(registry.find("metastream.control.refusals").counters()).hasSize(Refusal.values().length);
        assertThat(registry.get("metastream.control.marker.in.sync").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("metastream.control.checkpoint.versions").gauge().value()).isZero();
    }
}
