package io.metastream.evaluator;

import static io.metastream.evaluator.HeldOut.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.Checkpoint;
import io.metastream.domain.Evaluation;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.domain.Topics;
import io.metastream.domain.serde.JsonSerde;
import io.metastream.learning.api.RetrainResult;
import io.metastream.learning.api.Retrainer;
import io.metastream.runtime.TopicReader;
import io.metastream.store.ArtifactStore;
import io.metastream.store.StoredArtifact;
import io.metastream.testkit.KafkaTestContext;
import io.metastream.testkit.TestWaits;
import io.metastream.testkit.WithKafka;
import io.metastream.trainer.TrainerConfig;
import io.metastream.trainer.TrainerLoop;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithKafka
class EvaluatorLoopIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path artifacts;

    private EvaluatorConfig config(KafkaTestContext kafka, Topics topics, String margin) {
        return EvaluatorConfig.fromMap(env(kafka, topics, margin));
    }

    private Map<String, String> env(KafkaTestContext kafka, Topics topics, String margin) {
        return new java.util.HashMap<>(Map.of(
                "METASTREAM_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "METASTREAM_TOPIC_PREFIX", topics.prefix(),
                "METASTREAM_ARTIFACT_DIR", artifacts.toString(),
                "METASTREAM_EVAL_PERSONAS", "2",
                "METASTREAM_PROMOTION_MARGIN", margin,
                "METASTREAM_EVALUATOR_GROUP_ID", kafka.uniqueName("evaluator-group"),
                "METASTREAM_TRANSACTIONAL_ID", kafka.uniqueName("evaluator-tx")));
    }

    /** Kafka client meters (KafkaClientMetrics) in the registry. */
    private static long kafkaMeterCount(SimpleMeterRegistry registry) {
        return registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("kafka.")).count();
    }

    private EvaluatorLoop evaluator(EvaluatorConfig config, TinyEvaluator core, SimpleMeterRegistry registry) {
        return new EvaluatorLoop(config, core, new ArtifactStore(artifacts), registry, Clock.systemUTC());
    }

    /** v0001 → 0.25, v0002 → 0.30, …: every checkpoint a little better. */
    private static double improving(String version) {
        return 0.2 + 0.05 * Integer.parseInt(version.substring(1));
    }

    @Test
    void tasksBecomeACheckpointAndTheCheckpointAnEvaluation(KafkaTestContext kafka) throws IOException {
        Topics topics = kafka.uniqueCatalogue("pipeline");
        TrainerConfig trainerConfig = TrainerConfig.fromMap(Map.of(
                "METASTREAM_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "METASTREAM_TOPIC_PREFIX", topics.prefix(),
                "METASTREAM_ARTIFACT_DIR", artifacts.toString(), "METASTREAM_ROUND_EVERY_TASKS", "2",
                "METASTREAM_TRAINER_GROUP_ID", kafka.uniqueName("trainer-group"),
                "METASTREAM_TRANSACTIONAL_ID", kafka.uniqueName("trainer-tx")));
        // train tasks feed the trainer; held-out ones only the evaluator, on their own topic
        produce(kafka, topics.personaTasks(), List.of(task("t1", 0, Split.TRAIN), task("t2", 0, Split.TRAIN)));
        produce(kafka, topics.heldOutTasks(), List.of(task("h1", 0), task("h2", 0)));
        TinyEvaluator core = new TinyEvaluator(EvaluatorLoopIT::improving);
        ArtifactStore store = new ArtifactStore(artifacts);

        try (TrainerLoop trainer = new TrainerLoop(trainerConfig, tinyRetrainer(), store, new SimpleMeterRegistry(),
                Clock.systemUTC());
                EvaluatorLoop evaluator = evaluator(config(kafka, topics, "0.01"), core, new SimpleMeterRegistry())) {
            trainer.start();
            evaluator.start();
            TestWaits.waitUntil(WAIT, () -> trainer.pollOnce(Duration.ofMillis(100)).isPresent(), "round 1");
            List<String> first = pollEvaluator(evaluator, 1);
            assertThat(first).containsExactly("PASSED");

            store.setProductionVersion("v0001");
            produce(kafka, topics.personaTasks(), List.of(task("t3", 0, Split.TRAIN), task("t4", 0, Split.TRAIN)));
            TestWaits.waitUntil(WAIT, () -> trainer.pollOnce(Duration.ofMillis(100)).isPresent(), "round 2");
            assertThat(pollEvaluator(evaluator, 1)).containsExactly("PASSED");
        }

        List<Evaluation> evaluations = evaluations(kafka, topics);
        List<Checkpoint> checkpoints = new ArrayList<>();
        Properties p = client(kafka);
        TopicReader.readAll(p, topics.checkpoints(), WAIT).forEach(r -> checkpoints.add(JsonSerde.checkpoint()
                .fromBytes(r.value())));
        checkpoints.sort(java.util.Comparator.comparing(Checkpoint::version));
        assertThat(evaluations).extracting(Evaluation::version).containsExactly("v0001", "v0002");
        EvaluationSet frozen = EvaluationSet.load(artifacts).orElseThrow();
        assertThat(frozen.tasks()).extracting(PersonaTask::personaId).containsExactly("h1", "h2");
        Evaluation v1 = evaluations.get(0);
        Evaluation v2 = evaluations.get(1);
        assertThat(v1.artifactSha256()).isEqualTo(checkpoints.get(0).sha256());
        assertThat(v1.evalSetVersion()).isEqualTo(frozen.evalSetVersion());
        assertThat(v1.productionVersion()).isNull();
        assertThat(v1.deltaToProduction()).isNull();
        assertThat(v2.productionVersion()).isEqualTo("v0001");
        assertThat(v2.deltaToProduction()).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(core.requests).allSatisfy(r -> assertThat(r.tasks()).isEqualTo(frozen.tasks()));
    }

    @Test
    void tamperedArtifactGetsNoEvaluationButLaterOnesDo(KafkaTestContext kafka) throws IOException {
        Topics topics = kafka.uniqueCatalogue("tamper");
        produce(kafka, topics.heldOutTasks(), List.of(task("h1", 0), task("h2", 0)));
        ArtifactStore store = new ArtifactStore(artifacts);
        Checkpoint c1 = checkpoint(store, "v0001", null);
        Checkpoint c2 = checkpoint(store, "v0002", "v0001");
        Files.write(artifacts.resolve("v0001/model.safetensors"), new byte[] {42});
        produceCheckpoints(kafka, topics, List.of(c1, c2));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (EvaluatorLoop evaluator = evaluator(config(kafka, topics, "0.0"), new TinyEvaluator(v -> 0.5), registry)) {
            evaluator.start();
            assertThat(kafkaMeterCount(registry)).isPositive();
            assertThat(pollEvaluator(evaluator, 2)).containsExactly("REFUSED_ARTIFACT", "PASSED");
        }
        assertThat(kafkaMeterCount(registry)).as("client meters are removed with their clients").isZero();
        assertThat(evaluations(kafka, topics)).extracting(Evaluation::version).containsExactly("v0002");
        assertThat(registry.get("metastream.evaluator.artifacts.refused").tag("problem", "file_digest_mismatch")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void restartKeepsTheFrozenSetAndNeverPublishesTwice(KafkaTestContext kafka, @TempDir Path pretrained)
            throws IOException {
        Topics topics = kafka.uniqueCatalogue("restart");
        Files.writeString(pretrained.resolve("model.safetensors"), "pretrained weights");
        ArtifactStore.writeManifest(pretrained); // the reference base is verified like every load
        Map<String, String> env = env(kafka, topics, "0.0");
        env.put("METASTREAM_EVAL_BASE_DIR", pretrained.toString());
        EvaluatorConfig config = EvaluatorConfig.fromMap(env);
        TinyEvaluator first = new TinyEvaluator(v -> v.equals("v0001") ? 0.25 : 0.05);
        produce(kafka, topics.heldOutTasks(), List.of(task("h1", 0), task("h2", 0), task("h3", 0)));
        ArtifactStore store = new ArtifactStore(artifacts);
        produceCheckpoints(kafka, topics, List.of(checkpoint(store, "v0001", null)));
        String frozenVersion;
        try (EvaluatorLoop evaluator = evaluator(config, first, new SimpleMeterRegistry())) {
            evaluator.start();
            assertThat(pollEvaluator(evaluator, 1)).containsExactly("PASSED");
            assertThat(first.requests).extracting(r -> r.baseDir().getFileName().toString())
                    .containsExactly(pretrained.getFileName().toString(), "v0001");
            frozenVersion = evaluator.evaluationSet().orElseThrow().evalSetVersion();
        }

        // A new revision of a frozen persona, and production moves to v0001.
        produce(kafka, topics.heldOutTasks(), List.of(task("h1", 1), task("h0", 0)));
        store.setProductionVersion("v0001");
        produceCheckpoints(kafka, topics, List.of(checkpoint(store, "v0002", "v0001")));
        TinyEvaluator second = new TinyEvaluator(v -> 0.1);
        try (EvaluatorLoop evaluator = evaluator(config, second, new SimpleMeterRegistry())) {
            evaluator.start();
            assertThat(evaluator.evaluationSet().orElseThrow().evalSetVersion()).isEqualTo(frozenVersion);
            assertThat(pollEvaluator(evaluator, 1)).containsExactly("FAILED_GATE");
        }
        assertThat(second.requests).hasSize(1);
        List<Evaluation> evaluations = evaluations(kafka, topics);
        assertThat(evaluations).extracting(Evaluation::version).containsExactly("base", "v0001", "v0002");
        assertThat(evaluations).extracting(Evaluation::evalSetVersion).containsOnly(frozenVersion);
        assertThat(evaluations.get(0).hits1Mean()).isEqualTo(0.05);
        assertThat(evaluations.get(0).artifactSha256()).isEqualTo(ArtifactStore.digestDirectory(pretrained));
        evaluations = evaluations.subList(1, 3);
        assertThat(evaluations.get(1).deltaToProduction()).isCloseTo(0.1 - 0.25, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(evaluations.get(1).passed()).isFalse();
    }

    /**
     * Production v0001 is right on the first 25 of each persona's 100 queries; on a candidate, its ported adapter
     * keeps all 25 for h1 and only the first 10 for h2.
     */
    private static final PortabilityCheck.Porter PORTER = (candidate, adapters, options) -> adapters.stream()
            .map(p -> {
                int right = p.task().personaId().equals("h1") ? 25 : 10;
                List<Boolean> hits = new ArrayList<>();
                for (int i = 0; i < TinyEvaluator.OUTCOMES; i++) {
                    hits.add(i < right);
                }
                return new io.metastream.learning.adapt.Portability.Outcome(p.task().taskId(), hits,
                        java.util.Optional.empty());
            }).toList();

    @Test
    void everyCandidateCarriesProductionsPortedAdaptersAndTheKnobRefusesOnesThatBreakThem(KafkaTestContext kafka)
            throws IOException {
        Topics topics = kafka.uniqueCatalogue("portability");
        Map<String, String> env = env(kafka, topics, "0.0");
        env.put(io.metastream.domain.paired.PromotionPolicy.MAX_PORTED_LOSS_SHARE_VARIABLE, "0.2");
        produce(kafka, topics.heldOutTasks(), List.of(task("h1", 0), task("h2", 0)));
        ArtifactStore store = new ArtifactStore(artifacts);
        produceCheckpoints(kafka, topics, List.of(checkpoint(store, "v0001", null)));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TinyEvaluator core = new TinyEvaluator(EvaluatorLoopIT::improving, true);

        try (EvaluatorLoop evaluator = new EvaluatorLoop(EvaluatorConfig.fromMap(env), core, PORTER, store, registry,
                Clock.systemUTC())) {
            evaluator.start();
            assertThat(pollEvaluator(evaluator, 1)).containsExactly("PASSED");
            store.setProductionVersion("v0001");
            produceCheckpoints(kafka, topics, List.of(checkpoint(store, "v0002", "v0001")));
            assertThat(pollEvaluator(evaluator, 1)).as("better, but h2's adapter loses 15 of 25").containsExactly(
                    "FAILED_GATE");
            assertThat(registry.get("metastream.evaluator.portability.negative.flips").gauge().value()).isEqualTo(0.3);
            // hostile: a kept adapter of production changes on disk
            Files.writeString(new AdapterShelf(store).path("v0001").resolve(io.metastream.learning.adapt.Registry
                    .directoryName(task("h1", 0).taskId())).resolve("adapter_model.safetensors"), "tampered");
            produceCheckpoints(kafka, topics, List.of(checkpoint(store, "v0003", "v0002")));
            assertThat(pollEvaluator(evaluator, 1)).containsExactly("FAILED_GATE");
            assertThat(registry.get("metastream.evaluator.portability.personas").tag("verdict", "re_adapt").gauge()
                    .value()).isEqualTo(2.0);
        }
        List<Evaluation> evaluations = evaluations(kafka, topics);
        assertThat(evaluations).extracting(Evaluation::version).containsExactly("v0001", "v0002", "v0003");
        Evaluation v1 = evaluations.get(0);
        assertThat(v1.adapters()).isNotNull();
        assertThat(v1.adapters().personas()).isEqualTo(2);
        assertThat(v1.adapters().seed()).isEqualTo(42L);
        assertThat(v1.portability()).isNull();
        var ported = evaluations.get(1).portability();
        assertThat(ported.productionVersion()).isEqualTo("v0001");
        assertThat(ported.personas()).extracting(p -> p.verdict()).containsExactly("portable", "re-adapt");
        assertThat(ported.negativeFlips()).isEqualTo(15);
        assertThat(evaluations.get(1).verdict()).contains("lose 15 of 50 correct answers");
        var afterTamper = evaluations.get(2).portability();
        assertThat(afterTamper.personas().get(0).verdict()).isEqualTo("re-adapt");
        assertThat(afterTamper.personas().get(0).reason()).contains("fails verification");
        assertThat(new AdapterShelf(store).path("v0003")).isDirectory();
    }

    /** Stands for a killed process: an Error, so no catch in the loop handles it. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void crashBeforeCommitNeitherLosesNorDuplicatesTheEvaluation(KafkaTestContext kafka) throws IOException {
        Topics topics = kafka.uniqueCatalogue("eval-crash");
        EvaluatorConfig config = config(kafka, topics, "0.0");
        produce(kafka, topics.heldOutTasks(), List.of(task("h1", 0), task("h2", 0)));
        ArtifactStore store = new ArtifactStore(artifacts);
        produceCheckpoints(kafka, topics, List.of(checkpoint(store, "v0001", null)));

        EvaluatorLoop crashing = evaluator(config, new TinyEvaluator(v -> 0.3), new SimpleMeterRegistry());
        crashing.start();
        crashing.setCommitHook(r -> {
            throw new SimulatedCrash();
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pollEvaluator(crashing, 1))
                .isInstanceOf(SimulatedCrash.class);
        crashing.crash();

        TinyEvaluator again = new TinyEvaluator(v -> 0.3);
        try (EvaluatorLoop evaluator = evaluator(config, again, new SimpleMeterRegistry())) {
            evaluator.start();
            assertThat(pollEvaluator(evaluator, 1)).containsExactly("PASSED");
        }
        assertThat(again.requests).hasSize(1);
        assertThat(evaluations(kafka, topics)).extracting(Evaluation::version).containsExactly("v0001");
    }

    private static List<String> pollEvaluator(EvaluatorLoop evaluator, int outcomes) {
        List<String> seen = new ArrayList<>();
        TestWaits.waitUntil(WAIT, () -> {
            try {
                seen.addAll(evaluator.pollOnce(Duration.ofMillis(100)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return seen.size() >= outcomes;
        }, outcomes + " checkpoint(s) handled");
        return seen;
    }

    private static Retrainer tinyRetrainer() {
        return request -> {
            Files.writeString(request.outputDir().resolve("config.json"), "{}");
            Files.writeString(request.outputDir().resolve("model.safetensors"), "tasks " + request.tasks().size());
            return new RetrainResult(0.5, 1, Map.of());
        };
    }

    private Checkpoint checkpoint(ArtifactStore store, String version, String parent) throws IOException {
        StoredArtifact a = store.publish(version, dir -> {
            Files.writeString(dir.resolve("config.json"), "{}");
            Files.writeString(dir.resolve("model.safetensors"), "weights of " + version);
        }, Map.of("loss", "0.5"));
        return new Checkpoint(version, parent, io.metastream.domain.Algorithm.LORA_ML, a.uri(), a.sha256(),
                List.of("t1"), List.of(), Map.of(), 1, 0.5, Instant.now());
    }

    private static Properties client(KafkaTestContext kafka) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return p;
    }

    private static List<Evaluation> evaluations(KafkaTestContext kafka, Topics topics) {
        List<Evaluation> out = new ArrayList<>();
        TopicReader.readAll(client(kafka), topics.evaluations(), WAIT)
                .forEach(r -> out.add(JsonSerde.evaluation().fromBytes(r.value())));
        out.sort(java.util.Comparator.comparing(Evaluation::version));
        return out;
    }

    private static void produce(KafkaTestContext kafka, String topic, List<PersonaTask> tasks) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.clientConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            tasks.forEach(t -> producer.send(new ProducerRecord<>(topic, t.taskId(), JsonSerde.personaTask().toBytes(t))));
        }
    }

    /** Checkpoints go to one partition, so the evaluator sees them in this order. */
    private static void produceCheckpoints(KafkaTestContext kafka, Topics topics, List<Checkpoint> checkpoints) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.clientConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            checkpoints.forEach(c -> producer.send(new ProducerRecord<>(topics.checkpoints(), 0, c.version(),
                    JsonSerde.checkpoint().toBytes(c))));
        }
    }
}
