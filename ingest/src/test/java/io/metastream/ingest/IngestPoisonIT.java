package io.metastream.ingest;

import static io.metastream.ingest.Examples.bytes;
import static io.metastream.ingest.Examples.example;
import static io.metastream.ingest.Examples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.RejectReason;
import io.metastream.domain.Topics;
import io.metastream.domain.serde.JsonSerde;
import io.metastream.testkit.KafkaTestContext;
import io.metastream.testkit.TestWaits;
import io.metastream.testkit.WithKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The records that stopped ingest for good before, on a real broker: now each is rejected or bounded. */
@WithKafka
@Timeout(180)
class IngestPoisonIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int TASK_LIMIT = 262_144;

    @TempDir
    Path stateDir;

    @Test
    void poisonRecordsAreRejectedWithTheirReasonsAndIngestKeepsRunning(KafkaTestContext kafka) throws Exception {
        Topics topics = kafka.uniqueCatalogue("ingest-poison");
        Map<String, String> env = IngestAppIT.env(kafka, topics, stateDir);
        env.put(IngestConfig.HELD_OUT_FRACTION, "0");
        env.put(IngestConfig.MAX_TASK_BYTES, Integer.toString(TASK_LIMIT));
        env.put(IngestConfig.EMIT_INTERVAL, "PT0.2S");

        try (IngestApp.Running app = IngestApp.run(env)) {
            TestWaits.waitUntil(WAIT, () -> app.state() == KafkaStreams.State.RUNNING, "ingest is RUNNING");
            List<ProducerRecord<byte[], byte[]>> poison = new ArrayList<>();
            String json = new String(bytes(example("p", 0)), StandardCharsets.UTF_8);
            // a lone surrogate in the persona id, keyed as a String serializer would write it ("p?")
            poison.add(record(topics, "p?", utf8(json.replace("\"personaId\":\"p\"", "\"personaId\":\"p\\ud800\""))));
            poison.add(record(topics, "p", utf8(json + " garbage")));
            poison.add(record(topics, "p", utf8(json + "]]]")));
            poison.add(record(topics, "someone-else", bytes(example("p", 1))));
            List<ProducerRecord<byte[], byte[]>> good = new ArrayList<>();
            for (int i = 0; i < 120; i++) { // ~15.8 KB each: before, this persona's task outgrew the broker limit
                ConversationExample e = example("big", i);
                good.add(record(topics, "big", bytes(new ConversationExample(e.exampleId(), "big", e.dialogueId(),
                        e.turn(), List.of("a".repeat(4_000) + i, "b".repeat(4_000) + i, "c".repeat(3_900) + i),
                        "r".repeat(3_800) + i, List.of(), List.of(), "test"))));
            }
            for (int i = 0; i < 12; i++) {
                good.add(record(topics, "p?", bytes(new ConversationExample(example("p", i).exampleId(), "p?",
                        "p-dialogue-" + (i % 5), i, List.of("hi " + i), "hello " + i, List.of(), List.of(), "test"))));
            }
            send(kafka, poison);
            send(kafka, good);

            Map<String, byte[]> latest = new HashMap<>();
            List<byte[]> all = new ArrayList<>();
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(readCommitted(kafka),
                    new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topics.personaTasks()));
                TestWaits.waitUntil(WAIT, () -> {
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                        latest.put(r.key(), r.value());
                        all.add(r.value());
                    });
                    return latest.containsKey("p?") && JsonSerde.personaTask().fromBytes(latest.get("p?")).size() == 12
                            && latest.containsKey("big");
                }, "the well-formed personas get their tasks");
            }
            assertThat(all).allSatisfy(v -> assertThat(v.length).isLessThanOrEqualTo(TASK_LIMIT));
            PersonaTask big = JsonSerde.personaTask().fromBytes(latest.get("big"));
            assertThat(big.size()).isBetween(3, 119);

            Map<String, String> reasons = new HashMap<>();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(readCommitted(kafka),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topics.rejected()));
                TestWaits.waitUntil(WAIT, () -> {
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> reasons.put(
                            new String(r.value(), StandardCharsets.UTF_8),
                            new String(r.headers().lastHeader(RejectReason.HEADER).value(), StandardCharsets.UTF_8)));
                    return reasons.size() >= poison.size();
                }, "every poison record is on the rejected topic");
            }
            for (ProducerRecord<byte[], byte[]> p : poison) {
                assertThat(reasons).containsKey(new String(p.value(), StandardCharsets.UTF_8));
            }
            assertThat(reasons.values()).containsExactlyInAnyOrder("MALFORMED_TEXT", "TRAILING_DATA", "TRAILING_DATA",
                    "INCONSISTENT");
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(app.failure()).isEmpty();
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.opsPort() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        }
    }

    private static ProducerRecord<byte[], byte[]> record(Topics topics, String key, byte[] value) {
        return new ProducerRecord<>(topics.conversations(), key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static void send(KafkaTestContext kafka, List<ProducerRecord<byte[], byte[]>> records) {
        Map<String, Object> config = kafka.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    private static Map<String, Object> readCommitted(KafkaTestContext kafka) {
        Map<String, Object> config = kafka.consumerConfig("ingest-poison-reader");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }
}
