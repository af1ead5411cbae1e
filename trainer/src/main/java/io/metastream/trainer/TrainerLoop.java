package io.metastream.trainer;

import io.metastream.runtime.PollingService;
import io.metastream.domain.Checkpoint;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.serde.JsonSerde;
import io.metastream.learning.api.RetrainRequest;
import io.metastream.learning.api.RetrainResult;
import io.metastream.learning.api.Retrainer;
import io.metastream.store.ArtifactIntegrityException;
import io.metastream.store.ArtifactStore;
import io.metastream.store.StoredArtifact;
import io.metastream.trainer.TrainerMetrics.Consumed;
import io.metastream.trainer.TrainerMetrics.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
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
 * The trainer's consume–retrain–publish loop, single-threaded (call every method from one thread except
 * {@link #wakeup()}).
 *
 * <p>Exactly-once: the tasks topic is read {@code read_committed} with no auto-commit; a published round sends
 * its {@link Checkpoint} event and the consumed offsets in ONE transaction, so offsets move exactly when a
 * checkpoint becomes visible. The artifact is published to the store <em>before</em> that transaction; a
 * crash in between leaves a version directory no committed checkpoint references, which {@link #start()}
 * deletes. The trainer is a singleton: it assigns itself every partition (no group rebalancing) and its
 * {@code transactional.id} fences any previous instance.
 */
public final class TrainerLoop implements AutoCloseable, PollingService.Loop {
    private static final Logger LOG = LoggerFactory.getLogger(TrainerLoop.class);
    private static final Duration MAX_POLL = Duration.ofMillis(500);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);

    /** Test seam: runs after the checkpoint and offsets were sent, just before the commit. */
    interface CommitHook {
        void beforeCommit(Checkpoint checkpoint);
    }

    private final TrainerConfig config;
    private final Retrainer retrainer;
    private final ArtifactStore store;
    private final TrainerMetrics metrics;
    private final Clock clock;
    private final JsonSerde<PersonaTask> taskSerde = JsonSerde.personaTask();
    private final JsonSerde<Checkpoint> checkpointSerde = JsonSerde.checkpoint();
    private final TaskPool pool;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    /** kafka_consumer_* and kafka_producer_* meters; closed before their clients so no meter outlives them. */
    private final List<KafkaClientMetrics> clientMetrics;
    private CommitHook commitHook = c -> { };
    private RoundSchedule schedule;
    private ConsumedOffsets offsets;
    private Optional<String> lastVersion = Optional.empty();
    private Optional<String> lastSha256 = Optional.empty();
    private final Versions versions;
    private boolean inTransaction;
    private volatile boolean ready;

    public TrainerLoop(TrainerConfig config, Retrainer retrainer, ArtifactStore store, MeterRegistry registry,
            Clock clock) {
        this.config = config;
        this.versions = new Versions(config.versionPrefix());
        this.retrainer = retrainer;
        this.store = store;
        this.metrics = new TrainerMetrics(registry);
        this.clock = clock;
        this.pool = new TaskPool(config.poolCapacity());
        this.consumer = KafkaClients.consumer(config);
        this.producer = KafkaClients.producer(config);
        this.clientMetrics = List.of(new KafkaClientMetrics(consumer), new KafkaClientMetrics(producer));
        clientMetrics.forEach(m -> m.bindTo(registry));
    }

    void setCommitHook(CommitHook hook) {
        this.commitHook = hook;
    }

    /**
     * Recovers after a (possibly unclean) stop: cleans the staging area, fences the previous instance (aborting
     * its open transaction), resumes from the committed offsets, deletes orphan versions, rebuilds the replay
     * pool from the tasks consumed before the last checkpoint.
     */
    public void start() throws IOException {
        store.cleanStaging();
        producer.initTransactions();
        String tasksTopic = config.topics().personaTasks();
        Map<Integer, Long> committed = Recovery.committedOffsets(consumer, tasksTopic, RECOVERY_TIMEOUT);
        Recovery.Published published = Recovery.readCheckpoints(KafkaClients.base(config),
                config.topics().checkpoints(), checkpointSerde, versions, RECOVERY_TIMEOUT);
        lastVersion = published.last();
        lastSha256 = published.lastSha256();
        Recovery.deleteOrphans(store, versions, published.versions());
        int restored = 0;
        for (PersonaTask task : Recovery.readTasks(KafkaClients.base(config), tasksTopic, committed, taskSerde,
                RECOVERY_TIMEOUT)) {
            pool.restore(task);
            restored++;
        }
        committed.forEach((p, o) -> consumer.seek(new TopicPartition(tasksTopic, p), o));
        offsets = new ConsumedOffsets(tasksTopic, committed);
        schedule = new RoundSchedule(config.roundEveryTasks(), config.roundInterval(), clock.instant());
        lastVersion.ifPresent(v -> metrics.version(versions.number(v)));
        metrics.pool(pool.size(), pool.newCount());
        ready = true;
        LOG.info("trainer resumed at offsets {} after {}; {} tasks restored for replay", committed,
                lastVersion.orElse("no checkpoint yet"), restored);
    }

    public boolean ready() {
        return ready;
    }

    public Optional<String> lastVersion() {
        return lastVersion;
    }

    /** Polls once (at most {@code maxWait}) and runs a round if one is due. Returns the round's outcome, if any. */
    public Optional<String> pollOnce(Duration maxWait) {
        if (schedule == null) {
            throw new IllegalStateException("call start() before polling");
        }
        Duration wait = min(min(maxWait, MAX_POLL), schedule.untilInterval(clock.instant()));
        for (ConsumerRecord<String, byte[]> r : consumer.poll(wait.isZero() ? Duration.ofMillis(1) : wait)) {
            metrics.consumed(accept(r));
        }
        for (TopicPartition tp : consumer.assignment()) {
            offsets.advance(tp.partition(), consumer.position(tp));
        }
        metrics.pool(pool.size(), pool.newCount());
        Instant now = clock.instant();
        if (!schedule.due(pool.newCount(), now)) {
            return Optional.empty();
        }
        schedule.attempted(now);
        return Optional.of(round(now).name());
    }

    private Consumed accept(ConsumerRecord<String, byte[]> r) {
        PersonaTask task;
        try {
            task = taskSerde.fromBytes(r.value());
        } catch (SerializationException e) {
            LOG.warn("skipping undecodable task at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return Consumed.INVALID;
        }
        if (task == null) {
            return Consumed.INVALID; // a tombstone: the task was withdrawn upstream; nothing to train on
        }
        TaskPool.Offer offer = pool.offer(task);
        switch (offer) {
            case ADDED, REPLACED -> schedule.arrived();
            case REFUSED_HELD_OUT -> LOG.error("refusing held-out task {} on the training topic: ingest must never"
                    + " route held-out personas to the trainer", task.taskId());
            default -> { }
        }
        return switch (offer) {
            case ADDED -> Consumed.ADDED;
            case REPLACED -> Consumed.REPLACED;
            case IGNORED_STALE -> Consumed.STALE;
            case REFUSED_HELD_OUT -> Consumed.HELD_OUT;
        };
    }

    private Outcome round(Instant startedAt) {
        String version = versions.next(lastVersion);
        long seed = config.seed() + versions.number(version);
        TaskPool.RoundPlan plan = pool.plan(config.replayTasks(), new Random(seed));
        List<io.metastream.domain.OffsetRange> consumed = offsets.sinceCheckpoint();
        Outcome outcome;
        try {
            outcome = retrainAndCommit(version, seed, plan, consumed);
        } catch (IOException | RuntimeException e) {
            if (e instanceof KafkaException && !(e instanceof RoundAborted)) {
                throw (KafkaException) e; // fatal producer state: stop; a restart reconciles
            }
            LOG.error("round {} failed; its tasks stay pending for the next round", version, e);
            outcome = Outcome.FAILED;
        }
        metrics.round(outcome, Duration.between(startedAt, clock.instant()));
        metrics.pool(pool.size(), pool.newCount());
        return outcome;
    }

    private Outcome retrainAndCommit(String version, long seed, TaskPool.RoundPlan plan,
            List<io.metastream.domain.OffsetRange> consumed) throws IOException {
        StoredArtifact artifact;
        RetrainResult result;
        if (lastVersion.isPresent()) {
            try {
                // a corrupted parent must never be trained on and handed on under a fresh, valid manifest
                store.verify(lastVersion.get(), lastSha256.orElse(""));
            } catch (ArtifactIntegrityException e) {
                LOG.error("round {} refused: parent {} does not verify ({}); restore it from a backup or delete the "
                        + "trainer's versions to start from the pretrained base", version, lastVersion.get(),
                        e.getMessage());
                return Outcome.PARENT_CORRUPT;
            }
        }
        try (ArtifactStore.Staging staging = store.openStaging()) {
            RetrainRequest request = new RetrainRequest(plan.all(), lastVersion.map(store::path), staging.dir(),
                    config.algorithm(), seed, config.learnOptions());
            result = retrainer.retrain(request);
            if (!result.finite()) {
                LOG.warn("round {} diverged (loss {}): no checkpoint; {} tasks stay pending", version,
                        result.finalLoss(), plan.fresh().size());
                return Outcome.NON_FINITE;
            }
            artifact = store.publish(staging, version, provenance(seed, plan, result));
        }
        Checkpoint checkpoint;
        try {
            checkpoint = new Checkpoint(version, lastVersion.orElse(null), config.algorithm(), artifact.uri(),
                    artifact.sha256(), plan.taskIds(), consumed, trainingConfig(), seed, result.finalLoss(),
                    clock.instant());
        } catch (RuntimeException e) {
            store.delete(version);
            throw e;
        }
        commit(checkpoint);
        pool.completed(plan);
        offsets.checkpointed();
        lastVersion = Optional.of(version);
        lastSha256 = Optional.of(artifact.sha256());
        metrics.loss(result.finalLoss());
        metrics.version(versions.number(version));
        LOG.info("published {} (loss {}, {} new + {} replayed tasks, consumed {})", version, result.finalLoss(),
                plan.fresh().size(), plan.replayed().size(), consumed);
        retain();
        return Outcome.PUBLISHED;
    }

    private void commit(Checkpoint checkpoint) throws IOException {
        Map<TopicPartition, OffsetAndMetadata> commitOffsets = new HashMap<>();
        offsets.positions().forEach((p, o) ->
                commitOffsets.put(new TopicPartition(config.topics().personaTasks(), p), new OffsetAndMetadata(o)));
        producer.beginTransaction();
        inTransaction = true;
        try {
            producer.send(new ProducerRecord<>(config.topics().checkpoints(), checkpoint.version(),
                    checkpointSerde.toBytes(checkpoint)));
            producer.sendOffsetsToTransaction(commitOffsets, consumer.groupMetadata());
            commitHook.beforeCommit(checkpoint);
            producer.commitTransaction();
            inTransaction = false;
        } catch (RuntimeException e) {
            // Abort, then drop the artifact no committed checkpoint will reference. If the abort itself fails the
            // producer is unusable: the exception propagates and a restart reconciles store and topic.
            producer.abortTransaction();
            inTransaction = false;
            store.delete(checkpoint.version());
            throw new RoundAborted("committing " + checkpoint.version() + " failed and was aborted", e);
        }
    }

    private void retain() {
        try {
            List<String> deleted = store.retain(config.retainVersions(), versions::owns);
            if (!deleted.isEmpty()) {
                LOG.info("retention deleted {}", deleted);
            }
        } catch (IOException e) {
            LOG.warn("retention failed; will retry after the next round", e);
        }
    }

    private Map<String, String> provenance(long seed, TaskPool.RoundPlan plan, RetrainResult result) {
        Map<String, String> p = new TreeMap<>(trainingConfig());
        result.details().forEach((k, v) -> p.put("result." + k, v));
        p.put(ArtifactStore.LOSS_KEY, Double.toString(result.finalLoss()));
        p.put("steps", Long.toString(result.steps()));
        p.put("seed", Long.toString(seed));
        p.put("parent", lastVersion.orElse("pretrained"));
        p.put("tasks", String.join(",", plan.taskIds()));
        return p;
    }

    private Map<String, String> trainingConfig() {
        Map<String, String> c = new TreeMap<>();
        c.put("algorithm", config.algorithm().name());
        c.put("replay_tasks", Integer.toString(config.replayTasks()));
        c.put("round_every_tasks", Integer.toString(config.roundEveryTasks()));
        config.learnOptions().forEach((k, v) -> c.put("learn." + k, v));
        return c;
    }

    /** Makes a blocked {@link #pollOnce} return (from another thread). */
    public void wakeup() {
        consumer.wakeup();
    }

    /** Aborts an open transaction (none is open between rounds), then closes the clients. */
    @Override
    public void close() {
        ready = false;
        try {
            if (inTransaction) {
                producer.abortTransaction();
            }
        } catch (KafkaException e) {
            LOG.warn("aborting the open transaction on close failed; the next start fences and aborts it", e);
        } finally {
            clientMetrics.forEach(KafkaClientMetrics::close);
            producer.close(Duration.ofSeconds(10));
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
        }
    }

    /** Test seam: stops like a killed process — no abort, no flush. */
    void crash() {
        ready = false;
        clientMetrics.forEach(KafkaClientMetrics::close);
        producer.close(Duration.ZERO);
        consumer.close(CloseOptions.timeout(Duration.ZERO));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A round whose transaction was aborted cleanly: the loop goes on. */
    static final class RoundAborted extends KafkaException {
        private static final long serialVersionUID = 1L;

        RoundAborted(String message, Throwable cause) {
            super(message, cause);
        }
    }

}
