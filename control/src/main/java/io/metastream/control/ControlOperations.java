package io.metastream.control;

import io.metastream.domain.PromotionDecision;

/** What the HTTP API can ask of the control service. */
public interface ControlOperations {

    /**
     * Decides a promotion and records it in the ledger, accepted or refused.
     *
     * @throws ControlUnavailableException if the decision could not be recorded (nothing changed then)
     */
    PromotionDecision promote(String actor, PromotionRequest request);

    /** Decides a rollback to the previous production and records it, accepted or refused. */
    PromotionDecision rollback(String actor, RollbackRequest request);

    StatusView status();
}
