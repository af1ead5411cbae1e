package io.metastream.control;

/** Why the gate refused, as a bounded code (a metric tag); the ledger keeps the full sentence. */
public enum Refusal {
    /** No checkpoint event names the version. */
    UNKNOWN_VERSION,
    /** The version is production already. */
    ALREADY_PRODUCTION,
    /** The version has not been evaluated. */
    NO_EVALUATION,
    /** The evaluation measured another artifact than the checkpoint names. */
    DIGEST_MISMATCH,
    /** The evaluation did not pass. */
    NOT_PASSED,
    /** Production has no evaluation on the same held-out set to compare with. */
    NOT_COMPARABLE,
    /** Not better than production by the margin. */
    BELOW_MARGIN,
    /** The artifact's files fail verification in the store. */
    CORRUPT_ARTIFACT,
    /** Rollback with no earlier production to return to. */
    NO_PREVIOUS_PRODUCTION
}
