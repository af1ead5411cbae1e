package io.metastream.ingest;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.DomainValidationException;
import io.metastream.domain.RejectReason;
import io.metastream.domain.serde.JsonSerde;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Turns the raw bytes of a conversations record into a valid example or a bounded reject reason. Field
 * rules live in the domain record (its compact constructor); this adds the record-level policy: no
 * tombstones, and a size cap so one huge record cannot blow up a task past Kafka's message size.
 */
public final class ExampleValidator {
    /** Details longer than this are cut: they travel in a Kafka header. */
    static final int MAX_DETAIL = 1_000;
    private final JsonSerde<ConversationExample> serde = JsonSerde.conversationExample();
    private final int maxRecordBytes;

    public ExampleValidator(int maxRecordBytes) {
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes must be positive, got " + maxRecordBytes);
        }
        this.maxRecordBytes = maxRecordBytes;
    }

    public Validation validate(byte[] bytes) {
        if (bytes == null) {
            return new Validation.Invalid(RejectReason.MISSING_FIELD, "record value is null (tombstones are not examples)");
        }
        if (bytes.length > maxRecordBytes) {
            return new Validation.Invalid(RejectReason.TEXT_TOO_LONG,
                    "record has " + bytes.length + " bytes, more than the limit of " + maxRecordBytes);
        }
        try {
            ConversationExample example = serde.fromBytes(bytes);
            if (example == null) {
                return new Validation.Invalid(RejectReason.UNDESERIALIZABLE, "record value is JSON null");
            }
            return new Validation.Valid(example);
        } catch (SerializationException e) {
            RejectReason reason = e.getCause() instanceof DomainValidationException d
                    ? d.reason() : RejectReason.UNDESERIALIZABLE;
            return new Validation.Invalid(reason, truncate(e.getMessage()));
        }
    }

    static String truncate(String detail) {
        if (detail == null) {
            return "";
        }
        return detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL - 3) + "...";
    }
}
