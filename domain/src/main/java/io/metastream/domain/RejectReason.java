package io.metastream.domain;

/**
 * Why a record was refused. Bounded on purpose: it is a metric tag and the value of the
 * {@code metastream-reject-reason} header on the rejected topic.
 */
public enum RejectReason {
    /** Not JSON at all, or JSON of the wrong shape (an array where an object belongs, ...). */
    UNDESERIALIZABLE,
    /** Bytes that are not strict UTF-8, or that start with a byte-order mark. */
    NOT_UTF8,
    /** An object with the same key twice. */
    DUPLICATE_KEY,
    /** Anything but whitespace after the JSON value. */
    TRAILING_DATA,
    /** A value of the wrong JSON type: a boolean or number for a text, a fraction or text for an integer. */
    WRONG_TYPE,
    /** A field the record does not have (a typo would otherwise drop data silently). */
    UNKNOWN_FIELD,
    MISSING_FIELD,
    /** Text made only of whitespace, format or zero-width characters. */
    BLANK_TEXT,
    /** Text that is not well-formed: a lone surrogate, a control character or NUL. */
    MALFORMED_TEXT,
    TEXT_TOO_LONG,
    TOO_MANY_TURNS,
    NEGATIVE_NUMBER,
    CANDIDATES_WITHOUT_GOLD,
    DUPLICATE_CANDIDATES,
    TOO_FEW_CANDIDATES,
    INVALID_DIGEST,
    INVALID_VALUE,
    /** Parts of a record that contradict each other (e.g. the Kafka key is not the persona id). */
    INCONSISTENT,
    /** A record over the configured size, or one the broker refused as too large. */
    TOO_LARGE,
    /** Processing this record failed unexpectedly; it was set aside so the others keep flowing. */
    PROCESSING_FAILED;

    /** Name of the Kafka header that carries the reason on the rejected topic. */
    public static final String HEADER = "metastream-reject-reason";
    /** Name of the Kafka header that carries the human-readable detail on the rejected topic. */
    public static final String DETAIL_HEADER = "metastream-reject-detail";
}
