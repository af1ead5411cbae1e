package io.metastream.evaluator;

import io.metastream.runtime.PollingService;
import io.metastream.domain.Checkpoint;
import io.metastream.domain.Evaluation;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.serde.JsonSerde;
import io.metastream.evaluator.EvaluatorMetrics.Outcome;
import io.metastream.learning.api.AdaptationRequest;
import io.metastream.learning.api.AdaptationResult;
import io.metastream.learning.api.FewShotEvaluator;
import io.metastream.learning.adapt.Portability;
import io.metastream.domain.paired.KeptAdapters;
import io.metastream.domain.paired.PortabilityReport;
import io.metastream.domain.paired.PortabilityVerdict;
import io.metastream.runtime.TopicReader;
import io.metastream.store.ArtifactIntegrityException;
import io.metastream.store.ArtifactStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluator's loop, single-threaded (every method from one thread except {@link #wakeup()}).
 *
 * <p>Until the evaluation set is frozen it reads held-out tasks from the tasks topic (from the beginning,
 * checkpoint partitions paused); then it handles checkpoint events one by one: verify the artifact (a corrupt
 * one gets no evaluation), run the few-shot protocol on the frozen set, judge against production, and publish
 * the {@link Evaluation} together with the checkpoint's consumed offset in one transaction, so a crash never
 * publishes twice or skips one. A singleton, like the trainer: it assigns itself every partition.
 */
public final class EvaluatorLoop implements AutoCloseable, PollingService.Loop {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluatorLoop.class);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);
    /** Version label of the pretrained base's reference evaluation. */
    public static final String BASE_VERSION = "base";

    private final EvaluatorConfig config;
    private final FewShotEvaluator core;
    private final ArtifactStore store;
    private final EvaluatorMetrics metrics;
    private final Clock clock;
    private final Gate gate;
    private final AdapterShelf shelf;
    private final PortabilityCheck portability;
    private final JsonSerde<PersonaTask> taskSerde = JsonSerde.personaTask();
    private final JsonSerde<Checkpoint> checkpointSerde = JsonSerde.checkpoint();
    private final JsonSerde<Evaluation> evaluationSerde = JsonSerde.evaluation();
    private final HeldOutCollector collector = new HeldOutCollector();
    private final Map<String, Evaluation> published = new HashMap<>();
    /** Test seam: runs after the evaluation and offset were sent, just before the commit. */
    interface CommitHook {
        void beforeCommit(ConsumerRecord<String, byte[]> checkpointRecord);
    }

    private CommitHook commitHook = r -> { };
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    /** kafka_consumer_* and kafka_producer_* meters; closed before their clients so no meter outlives them. */
    private final List<KafkaClientMetrics> clientMetrics;
    private Set<TopicPartition> checkpointPartitions = Set.of();
    private EvaluationSet set;
    private boolean started;
    private volatile boolean ready;

    public EvaluatorLoop(EvaluatorConfig config, FewShotEvaluator core, ArtifactStore store, MeterRegistry registry,
            Clock clock) {
        this(config, core, Portability::score, store, registry, clock);
    }

    /** With another scorer of ported adapters (tests whose checkpoints are not real models). */
    EvaluatorLoop(EvaluatorConfig config, FewShotEvaluator core, PortabilityCheck.Porter porter, ArtifactStore store,
            MeterRegistry registry, Clock clock) {
        this.shelf = new AdapterShelf(store);
        this.portability = new PortabilityCheck(shelf, porter, PortabilityVerdict.defaults());
        this.config = config;
        this.core = core;
        this.store = store;
        this.metrics = new EvaluatorMetrics(registry);
        this.clock = clock;
        this.gate = new Gate(config.policy());
        this.consumer = Clients.consumer(config);
        this.producer = Clients.producer(config);
        this.clientMetrics = List.of(new KafkaClientMetrics(consumer), new KafkaClientMetrics(producer));
        clientMetrics.forEach(m -> m.bindTo(registry));
    }

    /** Fences a previous instance, reloads the frozen set and the evaluations already published, assigns. */
    public void start() throws IOException {
        producer.initTransactions();
        shelf.cleanStaging();
        set = EvaluationSet.load(config.evalSetDir()).orElse(null);
        for (ConsumerRecord<String, byte[]> r : TopicReader.readAll(Clients.base(config),
                config.topics().evaluations(), RECOVERY_TIMEOUT)) {
            try {
                Evaluation e = evaluationSerde.fromBytes(r.value());
                if (e != null) {
                    published.put(e.version(), e);
                }
            } catch (SerializationException e) {
                LOG.warn("ignoring an undecodable evaluation at {}-{}@{}", r.topic(), r.partition(), r.offset());
            }
        }
        checkpointPartitions = partitions(config.topics().checkpoints());
        Set<TopicPartition> assignment = new HashSet<>(checkpointPartitions);
        if (set == null) {
            assignment.addAll(partitions(config.topics().heldOutTasks()));
        }
        consumer.assign(assignment);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(checkpointPartitions, RECOVERY_TIMEOUT);
        for (TopicPartition tp : assignment) {
            OffsetAndMetadata c = committed.get(tp);
            if (c != null) {
                consumer.seek(tp, c.offset());
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
        }
        if (set == null) {
            consumer.pause(checkpointPartitions);
            LOG.info("waiting for {} held-out personas to freeze the evaluation set", config.evalPersonas());
        } else {
            frozen();
        }
        started = true;
        LOG.info("evaluator started; {} evaluations already published", published.size());
    }

    private Set<TopicPartition> partitions(String topic) {
        return new HashSet<>(TopicReader.partitions(consumer, topic, RECOVERY_TIMEOUT));
    }

    private void frozen() {
        metrics.evalSet(set.tasks().size());
        LOG.info("evaluation set {} with {} personas", set.evalSetVersion(), set.tasks().size());
        config.baseDir().ifPresent(this::evaluateBaseOnce);
        ready = true;
    }

    /**
     * The pretrained base as the reference version {@value #BASE_VERSION}: evaluated once per evaluation set, so
     * every checkpoint's score can be read against "no retraining at all".
     */
    private void evaluateBaseOnce(java.nio.file.Path baseDir) {
        Evaluation known = published.get(BASE_VERSION);
        if (known != null && known.evalSetVersion().equals(set.evalSetVersion())) {
            return;
        }
        try {
            String sha = ArtifactStore.verifyDirectory(baseDir); // its MANIFEST.sha256 first, like every load
            AdaptationResult result = core.evaluate(new AdaptationRequest(baseDir, set.tasks(), config.seeds(),
                    config.learnOptions()));
            Optional<Evaluation> e = gate.judge(BASE_VERSION, sha, set, result, Optional.empty(), Optional.empty(),
                    Optional.empty(), clock.instant());
            if (e.isEmpty()) {
                LOG.warn("the pretrained base scored non-finite values ({}); no reference evaluation", result);
                return;
            }
            producer.beginTransaction();
            try {
                producer.send(new ProducerRecord<>(config.topics().evaluations(), BASE_VERSION,
                        evaluationSerde.toBytes(e.get())));
                producer.commitTransaction();
            } catch (KafkaException ex) {
                producer.abortTransaction();
                throw ex;
            }
            published.put(BASE_VERSION, e.get());
            LOG.info("reference evaluation of the pretrained base: hits@1 {}", e.get().hits1Mean());
        } catch (IOException | RuntimeException ex) {
            if (ex instanceof KafkaException k) {
                throw k;
            }
            LOG.error("evaluating the pretrained base {} failed; checkpoints are evaluated anyway", baseDir, ex);
        }
    }

    public boolean ready() {
        return ready;
    }

    public Optional<EvaluationSet> evaluationSet() {
        return Optional.ofNullable(set);
    }

    /** Polls once (at most {@code maxWait}) and handles what arrived; returns the checkpoint outcomes. */
    public List<String> pollOnce(Duration maxWait) throws IOException {
        if (!started) {
            throw new IllegalStateException("call start() before polling");
        }
        List<String> outcomes = new java.util.ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : consumer.poll(maxWait)) {
            if (r.topic().equals(config.topics().heldOutTasks())) {
                offerTask(r);
            } else {
                outcomes.add(handleCheckpoint(r).name());
            }
        }
        if (set == null && collector.personas() >= config.evalPersonas()) {
            set = collector.freeze(config.evalPersonas());
            set.write(config.evalSetDir());
            consumer.assign(checkpointPartitions); // stop reading tasks: the set is frozen
            consumer.resume(checkpointPartitions);
            frozen();
        }
        return outcomes;
    }

    private void offerTask(ConsumerRecord<String, byte[]> r) {
        if (set != null) {
            return;
        }
        try {
            collector.offer(taskSerde.fromBytes(r.value()));
        } catch (SerializationException e) {
            LOG.warn("skipping undecodable task at {}-{}@{}", r.topic(), r.partition(), r.offset());
        }
    }

    private Outcome handleCheckpoint(ConsumerRecord<String, byte[]> r) {
        Outcome outcome;
        Evaluation evaluation = null;
        Checkpoint c = null;
        try {
            c = checkpointSerde.fromBytes(r.value());
        } catch (SerializationException e) {
            LOG.error("skipping undecodable checkpoint at {}-{}@{}", r.topic(), r.partition(), r.offset(), e);
        }
        if (c == null) {
            outcome = Outcome.ERROR;
        } else if (published.containsKey(c.version())
                && published.get(c.version()).evalSetVersion().equals(set.evalSetVersion())) {
            outcome = Outcome.DUPLICATE;
        } else {
            try {
                evaluation = evaluate(c).orElse(null);
                outcome = evaluation == null ? Outcome.NON_FINITE
                        : evaluation.passed() ? Outcome.PASSED : Outcome.FAILED_GATE;
            } catch (ArtifactIntegrityException e) {
                LOG.error("refusing {}: {}; no evaluation is published for it", c.version(), e.getMessage());
                metrics.refused(e.problem());
                commit(r, null);
                return Outcome.REFUSED_ARTIFACT;
            } catch (IOException | RuntimeException e) {
                LOG.error("evaluating {} failed; no evaluation is published for it", c.version(), e);
                outcome = Outcome.ERROR;
            }
        }
        commit(r, evaluation);
        metrics.outcome(outcome);
        return outcome;
    }

    private Optional<Evaluation> evaluate(Checkpoint c) throws IOException {
        store.verify(c.version(), c.sha256());
        Instant start = clock.instant();
        AdaptationResult result;
        Optional<KeptAdapters> kept;
        try (AdapterShelf.StagingDir staging = shelf.staging()) {
            result = core.evaluate(new AdaptationRequest(store.path(c.version()), set.tasks(), config.seeds(),
                    config.learnOptions()), staging.dir());
            kept = keep(c.version(), staging.dir());
        }
        Optional<String> production = store.productionVersion();
        Optional<Evaluation> productionEvaluation = production.filter(p -> !p.equals(c.version()))
                .map(published::get);
        Optional<PortabilityReport> ported = port(productionEvaluation, c.version());
        metrics.evaluated(Duration.between(start, clock.instant()), result.hits1Mean());
        Optional<Evaluation> e = gate.judge(c.version(), c.sha256(), set, result, production,
                production.map(published::get), Optional.ofNullable(published.get(BASE_VERSION)), clock.instant(),
                kept, ported);
        if (e.isEmpty()) {
            LOG.warn("{} scored non-finite or out-of-range values ({}); no evaluation is published", c.version(),
                    result);
        } else {
            metrics.paired(e.get());
        }
        return e;
    }

    /** Seals the adapters the evaluation kept; a failure to keep them costs portability later, not this one. */
    private Optional<KeptAdapters> keep(String version, java.nio.file.Path staged) {
        try {
            return shelf.keep(version, staged).map(k -> new KeptAdapters(k.sha256(), config.seeds().get(0),
                    k.personas()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not keep the adapters evaluating {} trained: {}; later candidates cannot port them",
                    version, e.toString());
            return Optional.empty();
        }
    }

    /** Production's kept adapters on the candidate; a failure here costs the figures, never the evaluation. */
    private Optional<PortabilityReport> port(Optional<Evaluation> production, String version) {
        try {
            Optional<PortabilityReport> r = portability.port(production, store.path(version), set,
                    config.learnOptions());
            r.ifPresent(p -> LOG.info("{}: production {}'s adapters ported as they are: hits@1 {} (production {}),"
                    + " {} of {} correct answers lost, {} portable, {} re-adapt", version, p.productionVersion(),
                    p.portedHits1(), p.productionHits1(), p.negativeFlips(), p.productionCorrect(), p.portable(),
                    p.reAdapt()));
            return r;
        } catch (IOException | RuntimeException e) {
            LOG.warn("scoring production's adapters on {} failed: {}; no portability figures", version, e.toString());
            return Optional.empty();
        }
    }

    /** One transaction: the evaluation (if any) and the checkpoint's offset. */
    private void commit(ConsumerRecord<String, byte[]> r, Evaluation evaluation) {
        producer.beginTransaction();
        try {
            if (evaluation != null) {
                producer.send(new ProducerRecord<>(config.topics().evaluations(), evaluation.version(),
                        evaluationSerde.toBytes(evaluation)));
            }
            producer.sendOffsetsToTransaction(
                    Map.of(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1)),
                    consumer.groupMetadata());
            commitHook.beforeCommit(r);
            producer.commitTransaction();
        } catch (KafkaException e) {
            producer.abortTransaction();
            throw e; // offsets did not move; a restart handles the checkpoint again
        }
        if (evaluation != null) {
            published.put(evaluation.version(), evaluation);
            try {
                shelf.retain(config.keepAdapters(), store.productionVersion());
            } catch (IOException e) {
                LOG.warn("could not prune kept adapters: {}", e.toString());
            }
            LOG.info("published evaluation of {}: hits@1 {} ± {}, passed {}: {}", evaluation.version(),
                    evaluation.hits1Mean(), evaluation.hits1Se(), evaluation.passed(), evaluation.verdict());
        }
    }

    void setCommitHook(CommitHook hook) {
        this.commitHook = hook;
    }

    /** Test seam: stops like a killed process — no abort, no flush. */
    void crash() {
        ready = false;
        clientMetrics.forEach(KafkaClientMetrics::close);
        producer.close(Duration.ZERO);
        consumer.close(CloseOptions.timeout(Duration.ZERO));
    }

    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        ready = false;
        clientMetrics.forEach(KafkaClientMetrics::close);
        producer.close(Duration.ofSeconds(10));
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
    }
}
