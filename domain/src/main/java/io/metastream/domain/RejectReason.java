package io.metastream.domain;

/**
 * Why a record was refused. Bounded on purpose: it is a metric tag and the value of the
 * {@code metastream-reject-reason} header on the rejected topic.
 */
public enum RejectReason {
    UNDESERIALIZABLE,
    MISSING_FIELD,
    BLANK_TEXT,
    TEXT_TOO_LONG,
    TOO_MANY_TURNS,
    NEGATIVE_NUMBER,
    CANDIDATES_WITHOUT_GOLD,
    DUPLICATE_CANDIDATES,
    TOO_FEW_CANDIDATES,
    INVALID_DIGEST,
    INVALID_VALUE,
    INCONSISTENT;

    /** Name of the Kafka header that carries the reason on the rejected topic. */
    public static final String HEADER = "metastream-reject-reason";
    /** Name of the Kafka header that carries the human-readable detail on the rejected topic. */
    public static final String DETAIL_HEADER = "metastream-reject-detail";
}
