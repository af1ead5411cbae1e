package io.metastream.control;

/**
 * An operator's request to return production to the version before the current one.
 *
 * @param reason why, recorded in the ledger
 */
public record RollbackRequest(String reason) {
    public RollbackRequest {
        reason = Requests.line(reason, "reason", "why you roll back; it is recorded in the ledger");
    }
}
