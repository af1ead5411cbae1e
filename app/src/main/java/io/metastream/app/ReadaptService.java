package io.metastream.app;

import io.metastream.domain.Topics;
import io.metastream.runtime.Metrics;
import io.metastream.runtime.OpsServer;
import io.metastream.runtime.Readiness;
import io.metastream.store.ArtifactIntegrityException;
import io.metastream.store.ArtifactStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * {@code readapt --follow} as a service: the {@link ReadaptFollower}'s loop, its {@link ReadaptMetrics} and, when a
 * metrics port is given, {@code /metrics} and {@code /health/*} (ready once the follower has read the production
 * pointer up to where it ended at start, while Kafka answers, the store is readable and the out directory
 * writable). The loop runs on the caller's thread until {@link #stop()}.
 */
final class ReadaptService implements AutoCloseable {
    static final String NAME = "readapt";
    private static final Duration POLL = Duration.ofSeconds(1);

    private final ReadaptFollower follower;
    private final ReadaptMetrics metrics;
    private final PrometheusMeterRegistry registry;
    private final Readiness kafka;
    private final OpsServer ops;

    private ReadaptService(ReadaptFollower follower, ReadaptMetrics metrics, PrometheusMeterRegistry registry,
            Readiness kafka, OpsServer ops) {
        this.follower = follower;
        this.metrics = metrics;
        this.registry = registry;
        this.kafka = kafka;
        this.ops = ops;
    }

    /**
     * Connects the follower and, with {@code metricsPort} (0 = any free port), starts the ops server on
     * {@code metricsHost}.
     */
    static ReadaptService start(Properties client, Topics topics, ArtifactStore store, Path registry, Path out,
            Map<String, String> options, String metricsHost, OptionalInt metricsPort) throws IOException {
        Files.createDirectories(out);
        PrometheusMeterRegistry meters = Metrics.newRegistry(NAME);
        ReadaptMetrics metrics = new ReadaptMetrics(meters);
        ReadaptFollower follower = null;
        Readiness kafka = null;
        try {
            follower = new ReadaptFollower(client, topics, store, registry, out, options, metrics.listener());
            follower.followed().ifPresent(metrics::followed);
            OpsServer ops = null;
            if (metricsPort.isPresent()) {
                kafka = Readiness.kafka(client, NAME + "-readiness");
                ops = OpsServer.builder().setRegistry(meters).optHost(metricsHost).optPort(metricsPort.getAsInt())
                        .optReadiness(Readiness.all(follower::caughtUp, kafka::kafkaReachable,
                                Readiness.readableDirectory(store.root()), Readiness.writableDirectory(out)))
                        .start();
            }
            return new ReadaptService(follower, metrics, meters, kafka, ops);
        } catch (IOException | RuntimeException e) {
            new ReadaptService(follower, metrics, meters, kafka, null).close();
            throw e;
        }
    }

    /** The ops server's address, when there is one. */
    Optional<String> opsAddress() {
        return Optional.ofNullable(ops).map(o -> o.address().getHostAddress() + ":" + o.port());
    }

    /** The ops server's port, when there is one. */
    OptionalInt metricsPort() {
        return ops == null ? OptionalInt.empty() : OptionalInt.of(ops.port());
    }

    /**
     * Follows production until {@link #stop()}: each finished re-adaptation goes to {@code report}; one that cannot
     * run (a corrupt or missing production base) is said on {@code err} and costs that version, never the follower.
     */
    void run(Consumer<ReadaptFollower.Followed> report, PrintWriter err) throws IOException {
        try {
            while (true) {
                Optional<String> production = follower.pollProduction(POLL);
                if (production.isEmpty()) {
                    continue;
                }
                metrics.production(production.get());
                long started = System.nanoTime();
                Optional<ReadaptFollower.Followed> followed;
                try {
                    followed = follower.follow(production.get());
                } catch (ArtifactIntegrityException | IOException | IllegalArgumentException e) {
                    metrics.error();
                    err.println("metastream: cannot re-adapt onto the new production: " + e.getMessage()
                            + "; waiting for the next change");
                    err.flush();
                    continue;
                }
                followed.ifPresent(f -> {
                    metrics.ran(f.summary(), Duration.ofNanos(System.nanoTime() - started));
                    report.accept(f);
                });
                follower.followed().ifPresent(metrics::followed);
            }
        } catch (WakeupException e) {
            // stopped
        }
    }

    /** Ends {@link #run} at its next poll (a re-adaptation in progress finishes first); any thread may call it. */
    void stop() {
        follower.wakeup();
    }

    @Override
    public void close() {
        if (ops != null) {
            ops.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (follower != null) {
            follower.close();
        }
        registry.close();
    }
}
