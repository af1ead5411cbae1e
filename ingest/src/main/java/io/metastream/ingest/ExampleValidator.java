package io.metastream.ingest;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.DomainValidationException;
import io.metastream.domain.RejectReason;
import io.metastream.domain.Text;
import io.metastream.domain.serde.Json;
import io.metastream.domain.serde.JsonSerde;
import io.metastream.domain.serde.Utf8;
import java.util.Arrays;

/**
 * Turns the raw key and value of a conversations record into a valid example or a bounded reject reason.
 * Field rules live in the domain record (its compact constructor) and the strict parser ({@link Json});
 * this adds the record-level policy: no tombstones, a size cap, the key must be the persona id (so the
 * producer's partitioning and ours agree), and the context is cut to its most recent turns within
 * {@code maxContextBytes} (recorded in {@link ConversationExample#droppedTurns}), so real conversations with
 * long histories cannot inflate a task.
 */
public final class ExampleValidator {
    /** Details longer than this are cut: they travel in a Kafka header. */
    static final int MAX_DETAIL = 1_000;
    private final JsonSerde<ConversationExample> serde = JsonSerde.conversationExample();
    private final int maxRecordBytes;
    private final int maxContextBytes;

    public ExampleValidator(int maxRecordBytes, int maxContextBytes) {
        if (maxRecordBytes < 1 || maxContextBytes < 1) {
            throw new IllegalArgumentException("limits must be positive, got " + maxRecordBytes + ", " + maxContextBytes);
        }
        this.maxRecordBytes = maxRecordBytes;
        this.maxContextBytes = maxContextBytes;
    }

    /** The validated example and its canonical JSON (what the task will carry). */
    public record Accepted(ConversationExample example, byte[] json) {
    }

    public Validation validate(byte[] key, byte[] bytes) {
        if (bytes == null) {
            return new Validation.Invalid(RejectReason.MISSING_FIELD, "record value is null (tombstones are not examples)");
        }
        if (bytes.length > maxRecordBytes) {
            return new Validation.Invalid(RejectReason.TOO_LARGE,
                    "record has " + bytes.length + " bytes, more than the limit of " + maxRecordBytes);
        }
        ConversationExample example;
        try {
            example = Json.read(bytes, ConversationExample.class);
        } catch (DomainValidationException e) {
            return new Validation.Invalid(e.reason(), truncate(e.getMessage()));
        }
        if (example == null) {
            return new Validation.Invalid(RejectReason.UNDESERIALIZABLE, "record value is JSON null");
        }
        byte[] personaKey = Utf8.encode(example.personaId()); // lossless: the id is well-formed
        if (key == null || !Arrays.equals(key, personaKey)) {
            return new Validation.Invalid(RejectReason.INCONSISTENT, truncate("the record key "
                    + (key == null ? "is missing" : "'" + Text.printable(new String(key, java.nio.charset.StandardCharsets.UTF_8)) + "'")
                    + " but must be the persona id '" + example.personaId() + "' (UTF-8)"));
        }
        ConversationExample kept = example.keepRecentContext(maxContextBytes);
        byte[] json = serde.toBytes(kept);
        if (json.length > maxCanonicalBytes(maxRecordBytes)) {
            return new Validation.Invalid(RejectReason.TOO_LARGE, "the example's canonical JSON has " + json.length
                    + " bytes, more than " + maxCanonicalBytes(maxRecordBytes));
        }
        return new Validation.Valid(new Accepted(kept, json));
    }

    /**
     * Largest canonical JSON accepted: the record limit plus room for what re-encoding may add (empty lists
     * written out). So every held example has a known bound, and a task budget can promise room for a few.
     */
    public static int maxCanonicalBytes(int maxRecordBytes) {
        return maxRecordBytes + 1_024;
    }

    static String truncate(String detail) {
        String s = Text.printable(detail);
        return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL - 3) + "...";
    }
}
