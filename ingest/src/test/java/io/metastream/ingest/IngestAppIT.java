package io.metastream.ingest;

import static io.metastream.ingest.Examples.bytes;
import static io.metastream.ingest.Examples.example;
import static io.metastream.ingest.Examples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.PersonaTask;
import io.metastream.domain.RejectReason;
import io.metastream.domain.Split;
import io.metastream.domain.Topics;
import io.metastream.domain.serde.JsonSerde;
import io.metastream.testkit.KafkaTestContext;
import io.metastream.testkit.MetricNaming;
import io.metastream.testkit.TestRecords;
import io.metastream.testkit.TestWaits;
import io.metastream.testkit.WithKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithKafka
class IngestAppIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PERSONAS = 6;
    private static final int PER_PERSONA = 10;

    @TempDir
    Path stateDir;

    private Map<String, String> env(KafkaTestContext kafka, Topics topics) {
        return env(kafka, topics, stateDir);
    }

    /** Ingest on the test broker with small task minimums (shared by the ingest ITs). */
    static Map<String, String> env(KafkaTestContext kafka, Topics topics, Path stateDir) {
        Map<String, String> env = new HashMap<>();
        env.put(IngestConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        env.put(IngestConfig.APPLICATION_ID, kafka.uniqueName("ingest-it"));
        env.put(IngestConfig.TOPIC_PREFIX, topics.prefix());
        env.put(IngestConfig.REPLICATION_FACTOR, "1");
        env.put(IngestConfig.METRICS_PORT, "0");
        env.put(IngestConfig.STATE_DIR, stateDir.toString());
        env.put(IngestConfig.MIN_SUPPORT, "2");
        env.put(IngestConfig.MIN_QUERY, "1");
        env.put(IngestConfig.QUERY_FRACTION, "0.3");
        env.put(IngestConfig.HELD_OUT_FRACTION, "0.3");
        return env;
    }

    @Test
    void publishedExamplesBecomeTasksOnTheCompactedTopicAndBadOnesAreRejected(KafkaTestContext kafka)
            throws Exception {
        Topics topics = kafka.uniqueCatalogue("ingest");
        Map<String, String> env = env(kafka, topics);
        Map<String, Integer> expected = new HashMap<>();
        expectedTasks(IngestConfig.fromEnv(env), 0, PER_PERSONA).forEach((id, t) -> expected.put(id, t.size()));
        assertThat(expected).isNotEmpty();
        try (IngestApp.Running app = IngestApp.run(env)) {
            TestWaits.waitUntil(WAIT, () -> app.state() == KafkaStreams.State.RUNNING, "ingest is RUNNING");
            assertThat(status(app, "/health/ready")).isEqualTo(200);

            publish(kafka, topics);

            Map<String, PersonaTask> latest = new HashMap<>();
            Map<String, String> topicOf = new HashMap<>();
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(readCommitted(kafka),
                    new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topics.personaTasks(), topics.heldOutTasks()));
                TestWaits.waitUntil(WAIT, () -> {
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                        latest.put(r.key(), JsonSerde.personaTask().fromBytes(r.value()));
                        topicOf.put(r.key(), r.topic());
                    });
                    return latest.keySet().equals(expected.keySet()) && expected.entrySet().stream()
                            .allMatch(e -> latest.get(e.getKey()).size() == e.getValue());
                }, "every persona's task holds all its examples: " + expected);
            }
            assertThat(latest.values()).allSatisfy(t -> {
                assertThat(t.taskId()).isEqualTo(PersonaTask.taskIdFor(t.personaId(), t.split()));
                assertThat(t.sources()).isNotEmpty()
                        .allSatisfy(s -> assertThat(s.topic()).isEqualTo(topics.conversations()));
            });
            assertThat(latest.values()).extracting(PersonaTask::split).contains(Split.TRAIN);
            // held-out personas travel on their own topic, never on the trainer's
            assertThat(latest.values()).allSatisfy(t -> assertThat(topicOf.get(t.taskId()))
                    .isEqualTo(t.split() == Split.TRAIN ? topics.personaTasks() : topics.heldOutTasks()));

            List<ConsumerRecord<byte[], byte[]>> rejected;
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(readCommitted(kafka),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topics.rejected()));
                rejected = TestRecords.pollAtLeast(consumer, 1, WAIT);
            }
            assertThat(rejected).hasSize(1);
            assertThat(new String(rejected.get(0).headers().lastHeader(RejectReason.HEADER).value(),
                    StandardCharsets.UTF_8)).isEqualTo("UNDESERIALIZABLE");
            assertThat(rejected.get(0).value()).isEqualTo(utf8("not json"));

            String metrics = get(app, "/metrics").body();
            assertThat(metrics).contains("metastream_ingest_consumed_records_total{service=\"ingest\"}",
                    "metastream_ingest_rejected_records_total{reason=\"undeserializable\",service=\"ingest\"}",
                    "kafka_stream_thread_process_total{");
            assertThat(metrics).doesNotContain("kafka_version").doesNotContain("_rate{");
            assertThat(MetricNaming.violations(metrics)).as("Prometheus naming rules").isEmpty();
        }
    }

    /**
     * What the pure core says the topic must end with for examples {@code [0, to)} of every persona: the last
     * task emitted per task id (personas that never reach the minimums have none).
     */
    private static Map<String, PersonaTask> expectedTasks(IngestConfig config, int from, int to) {
        TaskAccumulator accumulator = new TaskAccumulator(config.taskPolicy());
        Map<String, PersonaTask> expected = new HashMap<>();
        for (int p = 0; p < PERSONAS; p++) {
            String persona = "persona-" + p;
            TaskBook book = new TaskBook(accumulator, persona, config.splitter().splitOf(persona));
            for (int i = from; i < to; i++) {
                book.add(example(persona, i), Examples.offset(i));
                book.emit().ifPresent(t -> expected.put(t.taskId(), t));
            }
        }
        return expected;
    }

    @Test
    void aRestartOnAnEmptyStateDirResumesFromTheChangelogWithoutLosingOrRecountingExamples(KafkaTestContext kafka)
            throws Exception {
        Topics topics = kafka.uniqueCatalogue("ingest-restart");
        Map<String, String> env = env(kafka, topics);
        env.put(IngestConfig.EMIT_INTERVAL, "0"); // every change is a revision, so revisions are predictable
        IngestConfig config = IngestConfig.fromEnv(env);
        Map<String, PersonaTask> afterFirst = expectedTasks(config, 0, 6);
        Map<String, PersonaTask> afterSecond = expectedTasks(config, 0, PER_PERSONA);
        assertThat(afterFirst).isNotEmpty();

        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(readCommitted(kafka),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.personaTasks(), topics.heldOutTasks()));
            Map<String, PersonaTask> latest = new HashMap<>();
            try (IngestApp.Running app = IngestApp.run(env)) {
                assertThat(IngestApp.isAlive(app.state())).isTrue();
                publishRange(kafka, topics, 0, 6);
                awaitTasks(consumer, latest, afterFirst);
            }
            // A new instance on a fresh disk: its stores must come back from the changelogs.
            env.put(IngestConfig.STATE_DIR, stateDir.resolve("second-instance").toString());
            try (IngestApp.Running app = IngestApp.run(env)) {
                assertThat(IngestApp.isAlive(app.state())).isTrue();
                publishRange(kafka, topics, 3, PER_PERSONA); // 3..5 again: duplicates across the restart
                awaitTasks(consumer, latest, afterSecond);
            }
            // Anything emitted after the expected revisions (a recount) would show up here.
            TestRecords.pollToEnd(consumer, WAIT).forEach(r ->
                    latest.put(r.key(), JsonSerde.personaTask().fromBytes(r.value())));
            assertThat(latest.keySet()).isEqualTo(afterSecond.keySet());
            latest.forEach((id, task) -> {
                PersonaTask want = afterSecond.get(id);
                assertThat(task.revision()).as("revision of %s", id).isEqualTo(want.revision());
                assertThat(task.support()).isEqualTo(want.support());
                assertThat(task.query()).isEqualTo(want.query());
            });
        }
    }

    private static void awaitTasks(KafkaConsumer<String, byte[]> consumer, Map<String, PersonaTask> latest,
            Map<String, PersonaTask> want) {
        TestWaits.waitUntil(WAIT, () -> {
            consumer.poll(Duration.ofMillis(100)).forEach(r ->
                    latest.put(r.key(), JsonSerde.personaTask().fromBytes(r.value())));
            return want.entrySet().stream().allMatch(e -> latest.containsKey(e.getKey())
                    && latest.get(e.getKey()).revision() == e.getValue().revision());
        }, "tasks reach their expected revisions " + want.keySet());
    }

    private void publishRange(KafkaTestContext kafka, Topics topics, int from, int to) {
        Map<String, Object> config = kafka.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                for (int p = 0; p < PERSONAS; p++) {
                    String persona = "persona-" + p;
                    producer.send(new ProducerRecord<>(topics.conversations(), utf8(persona), bytes(example(persona, i))));
                }
            }
            producer.flush();
        }
    }

    private void publish(KafkaTestContext kafka, Topics topics) {
        Map<String, Object> config = kafka.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < PER_PERSONA; i++) {
                for (int p = 0; p < PERSONAS; p++) {
                    String persona = "persona-" + p;
                    producer.send(new ProducerRecord<>(topics.conversations(), utf8(persona), bytes(example(persona, i))));
                    if (i == 3) { // a producer retry: the same example again
                        producer.send(new ProducerRecord<>(topics.conversations(), utf8(persona),
                                bytes(example(persona, 0))));
                    }
                }
            }
            producer.send(new ProducerRecord<>(topics.conversations(), utf8("bad"), utf8("not json")));
            producer.flush();
        }
    }

    private static Map<String, Object> readCommitted(KafkaTestContext kafka) {
        Map<String, Object> config = kafka.consumerConfig("ingest-it-reader");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }

    private static int status(IngestApp.Running app, String path) throws Exception {
        return get(app, path).statusCode();
    }

    private static HttpResponse<String> get(IngestApp.Running app, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.opsPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

}
