package io.metastream.domain.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.domain.Algorithm;
import io.metastream.domain.Checkpoint;
import io.metastream.domain.ConversationExample;
import io.metastream.domain.OffsetRange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {
    private static final String SHA = "a".repeat(64);

    @Test
    void roundTripsAConversationExample() {
        var e = new ConversationExample("id1", "p1", "d1", 2, List.of("hi", "how are you ?"), "fine", List.of("fine", "no"),
                List.of("i like cats ."), "convai2");
        var serde = JsonSerde.conversationExample();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", e))).isEqualTo(e);
    }

    @Test
    void roundTripsACheckpointWithInstantAndNullParent() {
        var c = new Checkpoint("v0001", null, Algorithm.LORA_ML, "file:///tmp/x", SHA, List.of("p1"),
                List.of(new OffsetRange("tasks", 0, 0, 5)), Map.of("lr", "5e-5"), 7L, 0.25, Instant.parse("2026-01-02T03:04:05Z"));
        var serde = JsonSerde.checkpoint();
        assertThat(serde.fromBytes(serde.toBytes(c))).isEqualTo(c);
    }

    @Test
    void rejectsBytesThatAreNotJsonAsSerializationException() {
        assertThatThrownBy(() -> JsonSerde.conversationExample().fromBytes("{oops".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void rejectsValidJsonThatFailsValidationAsSerializationException() {
        byte[] blankReply = ("{\"exampleId\":\"x\",\"personaId\":\"p\",\"dialogueId\":\"d\",\"turn\":0,"
                + "\"context\":[\"hi\"],\"reply\":\" \",\"source\":\"s\"}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JsonSerde.conversationExample().fromBytes(blankReply))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("BLANK_TEXT");
    }
}
