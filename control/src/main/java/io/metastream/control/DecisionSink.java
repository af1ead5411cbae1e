package io.metastream.control;

import io.metastream.domain.PromotionDecision;

/** Where decisions are recorded; the Kafka implementation writes ledger and pointer in one transaction. */
public interface DecisionSink {

    /**
     * Records the decision; when it is accepted, also moves the production pointer to its version, atomically
     * with the ledger entry.
     *
     * @throws RuntimeException if nothing was recorded
     */
    void publish(PromotionDecision decision);
}
