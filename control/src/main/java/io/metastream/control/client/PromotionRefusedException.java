package io.metastream.control.client;

import io.metastream.domain.PromotionDecision;

/** The gate refused (HTTP 409); the refusal is in the ledger, and {@link #decision()} is that entry. */
public final class PromotionRefusedException extends ControlClientException {
    private final transient PromotionDecision decision;

    public PromotionRefusedException(PromotionDecision decision) {
        super(409, decision.action().name().toLowerCase(java.util.Locale.ROOT) + " of " + decision.version()
                + " refused: " + decision.refusal());
        this.decision = decision;
    }

    public PromotionDecision decision() {
        return decision;
    }
}
