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
    /** The evaluation did not pass (kept for ledger entries written before the paired policy). */
    NOT_PASSED,
    /** The reference has no per-query outcomes on the same held-out set to compare with. */
    NOT_COMPARABLE,
    /** The paired 95% interval's lower end does not exceed the margin. */
    BELOW_MARGIN,
    /** Too many queries the reference gets right turn wrong. */
    TOO_MANY_NEGATIVE_FLIPS,
    /** Production's per-persona adapters, ported as they are, lose more of its correct answers than allowed. */
    PORTED_ADAPTERS_LOSE_ANSWERS,
    /** The artifact's files fail verification in the store. */
    CORRUPT_ARTIFACT,
    /** Rollback with no earlier production to return to. */
    NO_PREVIOUS_PRODUCTION
}
