package io.metastream.trainer;

import static io.metastream.trainer.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.domain.Checkpoint;
import io.metastream.domain.OffsetRange;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.domain.Topics;
import io.metastream.domain.serde.JsonSerde;
import io.metastream.runtime.TopicReader;
import io.metastream.store.ArtifactStore;
import io.metastream.testkit.KafkaTestContext;
import io.metastream.testkit.TestWaits;
import io.metastream.testkit.WithKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithKafka
class TrainerLoopIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Stands for a killed process: an Error, so no catch in the loop handles it. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated crash before commit");
        }
    }

    @TempDir
    Path artifacts;

    private TrainerConfig config(KafkaTestContext kafka, Topics topics) {
        return TrainerConfig.fromMap(Map.of(
                "METASTREAM_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "METASTREAM_TOPIC_PREFIX", topics.prefix(),
                "METASTREAM_ARTIFACT_DIR", artifacts.toString(),
                "METASTREAM_ROUND_EVERY_TASKS", "2",
                "METASTREAM_REPLAY_TASKS", "1",
                "METASTREAM_RETAIN_VERSIONS", "100",
                "METASTREAM_TRAINER_GROUP_ID", kafka.uniqueName("trainer-group"),
                "METASTREAM_TRANSACTIONAL_ID", kafka.uniqueName("trainer-tx")));
    }

    private static TrainerLoop loop(TrainerConfig config, TinyRetrainer retrainer) {
        return new TrainerLoop(config, retrainer, new ArtifactStore(config.artifactDir()), new SimpleMeterRegistry(),
                Clock.systemUTC());
    }

    @Test
    void tasksInGiveCheckpointEventsAndVerifiedArtifactsOnDisk(KafkaTestContext kafka) throws IOException {
        Topics topics = kafka.uniqueCatalogue("trainer-happy");
        TrainerConfig config = config(kafka, topics);
        TinyRetrainer retrainer = TinyRetrainer.converging();
        produce(kafka, topics, List.of(task("a", 0), task("b", 0), task("h", 0, Split.HELD_OUT), task("c", 0),
                task("d", 0)));

        try (TrainerLoop loop = loop(config, retrainer)) {
            loop.start();
            pollUntilAllConsumed(kafka, topics, loop);
        }

        List<Checkpoint> checkpoints = checkpoints(kafka, topics);
        assertThat(checkpoints).isNotEmpty();
        ArtifactStore store = new ArtifactStore(artifacts);
        Set<String> trained = new HashSet<>();
        String parent = null;
        for (Checkpoint c : checkpoints) {
            assertThat(store.verify(c.version(), c.sha256()).uri()).isEqualTo(c.artifactUri());
            assertThat(c.parentVersion()).isEqualTo(parent);
            assertThat(store.provenance(c.version())).containsEntry("loss", Double.toString(c.loss()));
            parent = c.version();
            trained.addAll(c.taskIds());
        }
        assertThat(trained).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(retrainer.requests).allSatisfy(r ->
                assertThat(r.tasks()).allMatch(t -> t.split() == Split.TRAIN));
        assertTiles(checkpoints, endOffsets(kafka, topics.personaTasks()));
        assertThat(committed(kafka, config)).isEqualTo(endOffsets(kafka, topics.personaTasks()));
    }

    @Test
    void divergingRoundPublishesNothingAndCommitsNoOffsets(KafkaTestContext kafka) throws IOException {
        Topics topics = kafka.uniqueCatalogue("trainer-nan");
        TrainerConfig config = config(kafka, topics);
        TinyRetrainer retrainer = new TinyRetrainer(n -> Double.NaN);
        produce(kafka, topics, List.of(task("a", 0), task("b", 0)));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (TrainerLoop loop = new TrainerLoop(config, retrainer, new ArtifactStore(artifacts), registry,
                Clock.systemUTC())) {
            loop.start();
            assertThat(kafkaMeters(registry)).contains("kafka.consumer.fetch.manager.records.consumed.total",
                    "kafka.producer.record.send.total");
            String outcome = TestWaits.awaitValue(WAIT, () -> loop.pollOnce(Duration.ofMillis(100)),
                    "a round runs");
            assertThat(outcome).isEqualTo("NON_FINITE");
        }
        assertThat(kafkaMeters(registry)).as("client meters are removed with their clients").isEmpty();
        assertThat(retrainer.requests).hasSize(1);
        assertThat(registry.get("metastream.trainer.rounds").tag("outcome", "non_finite").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("metastream.trainer.rounds").tag("outcome", "published").counter().count())
                .isZero();
        assertThat(checkpoints(kafka, topics)).isEmpty();
        assertThat(new ArtifactStore(artifacts).versions()).isEmpty();
        try (var staging = Files.list(artifacts.resolve(".staging"))) {
            assertThat(staging).isEmpty();
        }
        assertThat(committed(kafka, config).values()).allMatch(o -> o == 0L);
    }

    @Test
    void aTamperedParentIsNeverTrainedOnNorGivenAChild(KafkaTestContext kafka) throws IOException {
        Topics topics = kafka.uniqueCatalogue("trainer-tampered");
        TrainerConfig config = config(kafka, topics);
        TinyRetrainer retrainer = TinyRetrainer.converging();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        produce(kafka, topics, List.of(task("a", 0), task("b", 0)));
        try (TrainerLoop loop = new TrainerLoop(config, retrainer, new ArtifactStore(artifacts), registry,
                Clock.systemUTC())) {
            loop.start();
            TestWaits.awaitValue(WAIT, () -> loop.pollOnce(Duration.ofMillis(100)), "round 1 runs");
            assertThat(loop.lastVersion()).contains("v0001");
            Path model = artifacts.resolve("v0001").resolve(ArtifactStore.MODEL_FILE);
            byte[] bytes = Files.readAllBytes(model);
            bytes[bytes.length / 2] ^= 0x01; // one flipped bit in the parent's weights
            Files.write(model, bytes);

            produce(kafka, topics, List.of(task("c", 0), task("d", 0)));
            String outcome = TestWaits.awaitValue(WAIT, () -> loop.pollOnce(Duration.ofMillis(100)), "round 2 runs");
            assertThat(outcome).isEqualTo("PARENT_CORRUPT");
        }
        assertThat(retrainer.requests).as("nothing trained on the tampered parent").hasSize(1);
        assertThat(registry.get("metastream.trainer.rounds").tag("outcome", "parent_corrupt").counter().count())
                .isEqualTo(1.0);
        assertThat(new ArtifactStore(artifacts).versions()).containsExactly("v0001");
        assertThat(checkpoints(kafka, topics)).extracting(Checkpoint::version).containsExactly("v0001");
        assertThat(committed(kafka, config).values().stream().mapToLong(Long::longValue).sum())
                .as("the refused round's tasks stay uncommitted").isEqualTo(2);
    }

    @Test
    void restartAfterCrashBeforeCommitLosesAndRepeatsNothing(KafkaTestContext kafka) throws IOException {
        Topics topics = kafka.uniqueCatalogue("trainer-crash");
        TrainerConfig config = config(kafka, topics);
        produce(kafka, topics, List.of(task("a", 0), task("b", 0)));
        TrainerLoop first = loop(config, TinyRetrainer.converging());
        first.start();
        TestWaits.awaitValue(WAIT, () -> first.pollOnce(Duration.ofMillis(100)), "round 1 runs");
        assertThat(first.lastVersion()).contains("v0001");

        first.setCommitHook(c -> {
            throw new SimulatedCrash();
        });
        produce(kafka, topics, List.of(task("c", 0), task("a", 1), task("e", 0)));
        assertThatThrownBy(() -> {
            while (true) {
                first.pollOnce(Duration.ofMillis(100));
            }
        }).isInstanceOf(SimulatedCrash.class);
        first.crash();
        assertThat(artifacts.resolve("v0002")).as("published before the crash").isDirectory();

        TinyRetrainer second = TinyRetrainer.converging();
        try (TrainerLoop loop = loop(config, second)) {
            loop.start();
            assertThat(loop.lastVersion()).contains("v0001");
            assertThat(artifacts.resolve("v0002")).as("orphan deleted on start").doesNotExist();
            produce(kafka, topics, List.of(task("f", 0)));
            pollUntilAllConsumed(kafka, topics, loop);
        }

        List<Checkpoint> checkpoints = checkpoints(kafka, topics);
        assertThat(checkpoints).extracting(Checkpoint::version).startsWith("v0001", "v0002");
        assertTiles(checkpoints, endOffsets(kafka, topics.personaTasks()));
        assertThat(new ArtifactStore(artifacts).versions())
                .containsExactlyElementsOf(checkpoints.stream().map(Checkpoint::version).toList());
        // The replay pool was rebuilt from the tasks consumed before v0001: round 2 replays one of them.
        assertThat(second.requests.get(0).tasks()).extracting(PersonaTask::taskId).contains("b");
        assertThat(second.requests.stream().flatMap(r -> r.tasks().stream()).map(PersonaTask::taskId))
                .contains("c", "a", "e", "f");
        assertThat(second.requests.get(0).parentBase()).contains(artifacts.toAbsolutePath().resolve("v0001"));
    }

    private void pollUntilAllConsumed(KafkaTestContext kafka, Topics topics, TrainerLoop loop) {
        Map<Integer, Long> end = endOffsets(kafka, topics.personaTasks());
        TestWaits.waitUntil(WAIT, () -> {
            loop.pollOnce(Duration.ofMillis(100));
            return covered(checkpoints(kafka, topics)).equals(nonEmpty(end));
        }, "checkpoints cover every task offset " + end);
    }

    private static void assertTiles(List<Checkpoint> checkpoints, Map<Integer, Long> end) {
        Map<Integer, Long> next = new HashMap<>();
        for (Checkpoint c : checkpoints) {
            for (OffsetRange r : c.consumed()) {
                assertThat(r.fromInclusive()).as("no gap and no overlap on partition " + r.partition())
                        .isEqualTo(next.getOrDefault(r.partition(), 0L));
                next.put(r.partition(), r.toExclusive());
            }
        }
        end.forEach((p, o) -> assertThat(next.getOrDefault(p, 0L)).isEqualTo(o));
    }

    private static Map<Integer, Long> covered(List<Checkpoint> checkpoints) {
        Map<Integer, Long> to = new HashMap<>();
        checkpoints.forEach(c -> c.consumed().forEach(r -> to.merge(r.partition(), r.toExclusive(), Math::max)));
        return to;
    }

    /** Names of the Kafka client meters (KafkaClientMetrics) in the registry. */
    private static Set<String> kafkaMeters(SimpleMeterRegistry registry) {
        Set<String> names = new HashSet<>();
        registry.getMeters().stream().map(m -> m.getId().getName()).filter(n -> n.startsWith("kafka."))
                .forEach(names::add);
        return names;
    }

    private static List<Checkpoint> checkpoints(KafkaTestContext kafka, Topics topics) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        List<Checkpoint> out = new ArrayList<>();
        TopicReader.readAll(p, topics.checkpoints(), WAIT)
                .forEach(r -> out.add(JsonSerde.checkpoint().fromBytes(r.value())));
        out.sort(Comparator.comparing(Checkpoint::version));
        return out;
    }

    private static void produce(KafkaTestContext kafka, Topics topics, List<PersonaTask> tasks) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.clientConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            for (PersonaTask t : tasks) {
                producer.send(new ProducerRecord<>(topics.personaTasks(), t.taskId(),
                        JsonSerde.personaTask().toBytes(t)));
            }
        }
    }

    /** An empty partition never appears in any lineage. */
    private static Map<Integer, Long> nonEmpty(Map<Integer, Long> offsets) {
        Map<Integer, Long> out = new HashMap<>(offsets);
        out.values().removeIf(o -> o == 0L);
        return out;
    }

    private static Map<Integer, Long> endOffsets(KafkaTestContext kafka, String topic) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(kafka.clientConfig(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            Map<Integer, Long> out = new HashMap<>();
            List<TopicPartition> tps = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.endOffsets(tps).forEach((tp, o) -> out.put(tp.partition(), o));
            return out;
        }
    }

    private static Map<Integer, Long> committed(KafkaTestContext kafka, TrainerConfig config) {
        Map<String, Object> props = kafka.clientConfig();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        String topic = config.topics().personaTasks();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            Set<TopicPartition> tps = new HashSet<>();
            c.partitionsFor(topic).forEach(i -> tps.add(new TopicPartition(topic, i.partition())));
            Map<Integer, Long> out = new HashMap<>();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : c.committed(tps).entrySet()) {
                out.put(e.getKey().partition(), e.getValue() == null ? 0L : e.getValue().offset());
            }
            return out;
        }
    }
}
