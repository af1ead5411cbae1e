package io.metastream.app;

import io.metastream.control.kafka.KafkaDecisionSink;
import io.metastream.domain.Topics;
import io.metastream.learning.adapt.Readaptation;
import io.metastream.runtime.TopicReader;
import io.metastream.store.ArtifactStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code readapt --follow}: reads the production pointer (the compacted topic the control service moves on every
 * accepted promotion or rollback) and, whenever production changes to V, re-adapts the registry onto the store's V
 * into {@code <out>/V/} (itself a registry, with lineage per persona). It re-adapts from the last registry that was
 * re-adapted completely ({@code <out>/}{@value #FOLLOWED}), else from the original one, so a persona that failed
 * once is re-adapted from its last good adapter next time. Idempotent and resumable: after a crash or restart the
 * pointer's latest value is read again and {@link Readaptation} skips the personas already finished.
 */
final class ReadaptFollower implements AutoCloseable {
    /** In the out directory: the version whose re-adapted registry is complete. */
    static final String FOLLOWED = "FOLLOWED";
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<String, byte[]> consumer;
    private final ArtifactStore store;
    private final Path registry;
    private final Path out;
    private final Map<String, String> options;
    private final Readaptation.Listener listener;
    /** The pointer's end offsets when the follower started: read up to them, it knows the production of now. */
    private final Map<TopicPartition, Long> startEnd;
    private volatile boolean caughtUp;
    private String handled;

    ReadaptFollower(Properties kafka, Topics topics, ArtifactStore store, Path registry, Path out,
            Map<String, String> options, Readaptation.Listener listener) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // only committed ledger transactions
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.store = store;
        this.registry = registry;
        this.out = out;
        this.options = Map.copyOf(options);
        this.listener = listener;
        // no consumer group: the compacted pointer is read from its beginning on every start
        var partitions = TopicReader.partitions(consumer, topics.productionPointer(), METADATA_TIMEOUT);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        startEnd = consumer.endOffsets(partitions, METADATA_TIMEOUT);
    }

    /** Polls the pointer once: the production version, when it changed since the last poll. */
    Optional<String> pollProduction(Duration maxWait) {
        String latest = null;
        for (ConsumerRecord<String, byte[]> r : consumer.poll(maxWait)) {
            if (KafkaDecisionSink.POINTER_KEY.equals(r.key()) && r.value() != null) {
                latest = new String(r.value(), StandardCharsets.UTF_8).strip();
            }
        }
        if (!caughtUp) {
            caughtUp = startEnd.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        }
        if (latest == null || latest.equals(handled)) {
            return Optional.empty();
        }
        handled = latest;
        return Optional.of(latest);
    }

    /** Whether the follower has read the pointer up to where it ended at start (any thread may ask). */
    boolean caughtUp() {
        return caughtUp;
    }

    /** One production version's re-adaptation and the registry it started from. */
    record Followed(String version, Path source, Readaptation.Summary summary) {
    }

    /** Re-adapts onto {@code version} unless its registry is already complete. */
    Optional<Followed> follow(String version) throws IOException {
        if (followed().filter(version::equals).isPresent()) {
            return Optional.empty();
        }
        Path base = store.path(version);
        String digest = ArtifactStore.verifyDirectory(base); // a corrupt production base is refused, never loaded
        Path source = source();
        Readaptation.Summary s = Readaptation.run(new Readaptation.Request(source, base, digest,
                out.resolve(version), options), listener);
        if (s.rejected() + s.failed() == 0) {
            Files.createDirectories(out);
            ArtifactStore.replaceFile(out.resolve(FOLLOWED), (version + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return Optional.of(new Followed(version, source, s));
    }

    /** The version whose re-adapted registry is complete, if any. */
    Optional<String> followed() throws IOException {
        Path f = out.resolve(FOLLOWED);
        return Files.isRegularFile(f) ? Optional.of(Files.readString(f, StandardCharsets.UTF_8).strip())
                .filter(v -> !v.isEmpty()) : Optional.empty();
    }

    /** The registry to re-adapt from: the last complete one, else the original. */
    Path source() throws IOException {
        return followed().map(out::resolve).filter(Files::isDirectory).orElse(registry);
    }

    void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
