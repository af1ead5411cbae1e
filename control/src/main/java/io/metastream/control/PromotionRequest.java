package io.metastream.control;

/**
 * An operator's request to make {@code version} the production base.
 *
 * @param version the checkpoint version to promote
 * @param reason  why, recorded in the ledger; required for every request, forced or not
 * @param force   bypass the evaluation comparison (never the integrity checks); recorded as forced
 */
public record PromotionRequest(String version, String reason, boolean force) {
    public PromotionRequest {
        version = Requests.version(version, "the checkpoint version to promote, e.g. v0003");
        reason = Requests.line(reason, "reason", "why you promote it; it is recorded in the ledger");
    }
}
