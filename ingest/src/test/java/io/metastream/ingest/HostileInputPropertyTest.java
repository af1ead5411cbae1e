package io.metastream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.DomainValidationException;
import io.metastream.domain.RejectReason;
import io.metastream.domain.serde.Json;
import io.metastream.domain.serde.JsonSerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Hostile bytes and hostile JSON at the serde and at the whole topology: every record is accepted or
 * rejected with a bounded reason, nothing escapes, and what is accepted round-trips.
 */
class HostileInputPropertyTest {
    private static final Set<String> REASONS = EnumSet.allOf(RejectReason.class).stream().map(Enum::name)
            .collect(Collectors.toSet());
    private static TopologyTestDriver driver;
    private static TestInputTopic<byte[], byte[]> in;
    private static TestOutputTopic<byte[], byte[]> rejected;
    private static IngestMetrics metrics;
    private static Path stateDir;

    @BeforeContainer
    static void start() throws Exception {
        stateDir = Files.createTempDirectory("ingest-hostile");
        IngestConfig config = IngestConfig.fromEnv(Map.of(IngestConfig.BOOTSTRAP_SERVERS, "unused:9092",
                IngestConfig.TOPIC_PREFIX, "h.", IngestConfig.MIN_SUPPORT, "1", IngestConfig.MIN_QUERY, "0",
                IngestConfig.MAX_EXAMPLES_PER_TASK, "20", IngestConfig.EMIT_INTERVAL, "0",
                IngestConfig.STATE_DIR, stateDir.toString()));
        metrics = new IngestMetrics(new SimpleMeterRegistry());
        driver = new TopologyTestDriver(IngestTopology.build(config, metrics), config.streamsProperties());
        in = driver.createInputTopic(config.topics().conversations(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        rejected = driver.createOutputTopic(config.topics().rejected(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterContainer
    static void stop() {
        driver.close();
    }

    @Property(tries = 400)
    void everyRecordIsAcceptedOrRejectedWithABoundedReason(@ForAll("keys") byte[] key, @ForAll("values") byte[] value) {
        double accumulatedBefore = metrics.accumulated();
        in.pipeInput(key, value); // nothing may throw out of the topology
        var out = rejected.readRecordsToList();
        boolean accepted = metrics.accumulated() == accumulatedBefore + 1;
        assertThat(accepted ? 0 : 1).as("accepted or rejected, exactly one").isEqualTo(out.size());
        out.forEach(r -> {
            assertThat(new String(r.headers().lastHeader(RejectReason.HEADER).value(), StandardCharsets.UTF_8))
                    .isIn(REASONS);
            assertThat(r.headers().lastHeader(RejectReason.DETAIL_HEADER)).isNotNull();
            assertThat(r.value()).isEqualTo(value);
        });
    }

    @Property(tries = 600)
    void theSerdeRejectsWithAReasonOrRoundTrips(@ForAll("values") byte[] value) {
        ConversationExample e;
        try {
            e = Json.read(value, ConversationExample.class);
        } catch (DomainValidationException rejectedWithReason) {
            assertThat(rejectedWithReason.reason()).isNotNull();
            return;
        }
        if (e != null) {
            var serde = JsonSerde.conversationExample();
            assertThat(serde.fromBytes(serde.toBytes(e))).isEqualTo(e);
        }
    }

    private static final String VALID = "{\"exampleId\":\"e1\",\"personaId\":\"p1\",\"dialogueId\":\"d1\",\"turn\":3,"
            + "\"context\":[\"hi\"],\"reply\":\"hello\",\"source\":\"s\"}";

    @Provide
    Arbitrary<byte[]> keys() {
        return Arbitraries.oneOf(Arbitraries.just("p1".getBytes(StandardCharsets.UTF_8)),
                Arbitraries.just("p?".getBytes(StandardCharsets.UTF_8)), Arbitraries.bytes().array(byte[].class)
                        .ofMaxSize(8), Arbitraries.just((byte[]) null));
    }

    @Provide
    Arbitrary<byte[]> values() {
        Arbitrary<String> fragments = Arbitraries.of("\\ud800", "\\udc00", "\\u0000", "\\u00a0", "\\u200b", "\\u202e",
                "\u0001", "\"", "\\", "]", "}", "{", ",", " garbage", "true", "3.9", "\uFEFF", "\u00e9", "\ud83d\ude00");
        Arbitrary<String> fields = Arbitraries.of("exampleId", "personaId", "dialogueId", "turn", "context", "reply",
                "candidates", "personaFacts", "source", "droppedTurns", "extra");
        Arbitrary<String> mutated = Combinators.combine(Arbitraries.integers().between(0, VALID.length()), fragments)
                .as((at, f) -> VALID.substring(0, at) + f + VALID.substring(at));
        Arbitrary<String> swapped = Combinators.combine(fields, Arbitraries.of("true", "3.9", "\"x\"", "null", "[]",
                "{}", "-1", "\"\\u00a0\"", "\"p\\ud800\"", "[\"\\u200b\"]", "1e3")).as((f, v) ->
                VALID.replaceFirst("\"" + f + "\":(\"[^\"]*\"|\\[[^\\]]*\\]|\\d+)", "\"" + f + "\":" + v));
        Arbitrary<String> duplicated = fields.map(f -> VALID.replace("{", "{\"" + f + "\":\"dup\","));
        Arbitrary<byte[]> text = Arbitraries.oneOf(mutated, swapped, duplicated, Arbitraries.just(VALID))
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> encodings = Arbitraries.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE,
                StandardCharsets.ISO_8859_1).map(c -> VALID.replace("hello", "h\u00e9llo").getBytes(c));
        Arbitrary<byte[]> junk = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<byte[]> cesu = Arbitraries.just(VALID.replace("p1", "p\u0000").getBytes(StandardCharsets.UTF_8))
                .map(b -> replaceNul(b));
        return Arbitraries.oneOf(text, text, text, encodings, junk, cesu, Arbitraries.just((byte[]) null));
    }

    private static byte[] replaceNul(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1).replace("\u0000", "\u00ed\u00a0\u0080");
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
