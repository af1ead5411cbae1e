package io.metastream.ingest;

import io.metastream.domain.OffsetRange;
import io.metastream.domain.serde.Utf8;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A validated example on its way to the accumulator: the few fields the fold needs, the conversations-topic
 * offset it was read from (captured before re-keying, since after the repartition topic the record metadata
 * names that topic instead), and its canonical JSON, which is never parsed again.
 */
public record SourcedExample(String exampleId, String dialogueId, OffsetRange source, byte[] json) {
    private static final byte VERSION = 1;

    public SourcedExample {
        Objects.requireNonNull(exampleId, "exampleId");
        Objects.requireNonNull(dialogueId, "dialogueId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(json, "json");
    }

    /**
     * A compact binary serde for the repartition topic: version, ids (length-prefixed UTF-8), partition,
     * offset, then the JSON. The source topic is always {@code sourceTopic} and is not written.
     */
    static Serde<SourcedExample> serde(String sourceTopic) {
        Serializer<SourcedExample> ser = (topic, e) -> {
            if (e == null) {
                return null;
            }
            byte[] id = Utf8.encode(e.exampleId());
            byte[] dialogue = Utf8.encode(e.dialogueId());
            ByteBuffer b = ByteBuffer.allocate(1 + 4 + id.length + 4 + dialogue.length + 4 + 8 + e.json().length);
            b.put(VERSION).putInt(id.length).put(id).putInt(dialogue.length).put(dialogue)
                    .putInt(e.source().partition()).putLong(e.source().fromInclusive()).put(e.json());
            return b.array();
        };
        Deserializer<SourcedExample> de = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                if (b.get() != VERSION) {
                    throw new SerializationException("unknown sourced-example format version " + bytes[0]);
                }
                String id = Utf8.decode(take(b, b.getInt()));
                String dialogue = Utf8.decode(take(b, b.getInt()));
                int partition = b.getInt();
                long offset = b.getLong();
                byte[] json = take(b, b.remaining());
                return new SourcedExample(id, dialogue, new OffsetRange(sourceTopic, partition, offset, offset + 1), json);
            } catch (RuntimeException e) {
                throw e instanceof SerializationException s ? s
                        : new SerializationException("not a sourced example: " + e.getMessage(), e);
            }
        };
        return org.apache.kafka.common.serialization.Serdes.serdeFrom(ser, de);
    }

    static byte[] take(ByteBuffer b, int n) {
        if (n < 0 || n > b.remaining()) {
            throw new SerializationException("truncated record: wants " + n + " bytes, has " + b.remaining());
        }
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }
}
