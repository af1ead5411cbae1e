package io.metastream.domain.serde;

import io.metastream.domain.Checkpoint;
import io.metastream.domain.ConversationExample;
import io.metastream.domain.Evaluation;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.PromotionDecision;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a domain record as JSON. Deserialisation failures (bad bytes or a record that fails
 * validation) surface as {@link SerializationException} so Kafka Streams' handlers can dead-letter them.
 * Writing refuses a lone surrogate (Jackson would otherwise fail late or write replacement bytes).
 */
public final class JsonSerde<T> implements Serde<T> {
    private final Class<T> type;

    public JsonSerde(Class<T> type) {
        this.type = type;
    }

    public static JsonSerde<ConversationExample> conversationExample() {
        return new JsonSerde<>(ConversationExample.class);
    }

    public static JsonSerde<PersonaTask> personaTask() {
        return new JsonSerde<>(PersonaTask.class);
    }

    public static JsonSerde<Checkpoint> checkpoint() {
        return new JsonSerde<>(Checkpoint.class);
    }

    public static JsonSerde<Evaluation> evaluation() {
        return new JsonSerde<>(Evaluation.class);
    }

    public static JsonSerde<PromotionDecision> promotionDecision() {
        return new JsonSerde<>(PromotionDecision.class);
    }

    public byte[] toBytes(T value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Strictly parsed (see {@link Json}); a failure is a {@link SerializationException} whose cause is the
     * {@link io.metastream.domain.DomainValidationException} with the bounded reason.
     */
    public T fromBytes(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return Json.read(bytes, type);
        } catch (io.metastream.domain.DomainValidationException e) {
            throw new SerializationException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> data == null ? null : toBytes(data);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> fromBytes(data);
    }
}
