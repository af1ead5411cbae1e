package io.metastream.ingest;

import io.metastream.runtime.ClientIds;
import io.metastream.runtime.GracefulShutdown;
import io.metastream.runtime.Metrics;
import io.metastream.runtime.OpsServer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service's thin shell: environment → {@link IngestConfig}, Kafka Streams running
 * {@link IngestTopology}, the ops server ({@code /metrics}, {@code /health/live}, {@code /health/ready}),
 * and an orderly close. {@link #run(Map)} is the entry the CLI calls; {@link #main} is for a bare JVM.
 */
public final class IngestApp {
    private static final Logger LOG = LoggerFactory.getLogger(IngestApp.class);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** How long readiness waits for the broker to describe the cluster. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(2);
    static final int MAX_REPLACEMENTS = 5;
    static final Duration REPLACEMENT_WINDOW = Duration.ofMinutes(10);

    private IngestApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        Running running = run(System.getenv());
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "ingest-shutdown"));
        KafkaStreams.State end = running.awaitTermination();
        running.close();
        running.failure().ifPresent(why -> System.err.println("metastream: ingest stopped: " + why));
        System.exit(end == KafkaStreams.State.ERROR || running.failure().isPresent() ? 1 : 0);
    }

    /** Reads the configuration from {@code env} (throws all problems together), logs it redacted, starts. */
    public static Running run(Map<String, String> env) {
        IngestConfig config = IngestConfig.fromEnv(env);
        LOG.info("starting ingest with {}", config.redacted());
        return start(config);
    }

    /** Starts the service; the returned handle's {@code close()} stops it (idempotent). */
    public static Running start(IngestConfig config) {
        GracefulShutdown shutdown = new GracefulShutdown();
        try {
            // Registered first so it closes last: meters stay scrapeable while the streams drain.
            PrometheusMeterRegistry registry = Metrics.newRegistry("ingest");
            shutdown.register("meter registry", registry::close);
            // a stable client id (not Kafka's per-process UUID) names the stream threads and client meters
            Properties streamsProperties = config.streamsProperties();
            streamsProperties.putIfAbsent(StreamsConfig.CLIENT_ID_CONFIG,
                    ClientIds.of(config.applicationId(), ClientIds.instance(System.getenv())));
            KafkaStreams streams = new KafkaStreams(IngestTopology.build(config, new IngestMetrics(registry)),
                    streamsProperties);
            CountDownLatch terminated = new CountDownLatch(1);
            AtomicReference<String> failure = new AtomicReference<>();
            streams.setStateListener((now, before) -> {
                LOG.info("ingest streams {} -> {}", before, now);
                if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                    terminated.countDown();
                }
                if (now == KafkaStreams.State.ERROR) {
                    failure.compareAndSet(null, "kafka streams entered state ERROR");
                }
            });
            // One bad record never gets here (the handlers reject it). A thread that dies anyway is replaced and
            // resumes from the last committed transaction; if threads keep dying the client stops, and the
            // process exits non-zero with the reason (see Running#failure).
            ThreadReplacement replacement = new ThreadReplacement(MAX_REPLACEMENTS, REPLACEMENT_WINDOW);
            streams.setUncaughtExceptionHandler(e -> {
                if (replacement.replace(System.nanoTime())) {
                    LOG.error("ingest stream thread failed; replacing it", e);
                    return StreamThreadExceptionResponse.REPLACE_THREAD;
                }
                failure.compareAndSet(null, "stream threads failed " + (MAX_REPLACEMENTS + 1) + " times within "
                        + REPLACEMENT_WINDOW + "; last: " + RejectingHandler.oneLine(e));
                LOG.error("ingest stream threads keep failing; shutting the client down", e);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            KafkaStreamsMetrics streamsMetrics = shutdown.register("kafka streams metrics",
                    new KafkaStreamsMetrics(streams));
            streamsMetrics.bindTo(registry);
            Admin admin = shutdown.register("admin client", Admin.create(config.adminProperties()));
            BrokerProbe broker = new BrokerProbe(admin, READY_TIMEOUT);
            OpsServer ops = shutdown.register("ops server", OpsServer.builder().setRegistry(registry)
                    .optHost(config.metricsHost()).optPort(config.metricsPort())
                    .optReadiness(() -> isReady(streams.state()) && broker.reachable())
                    .optLiveness(() -> isAlive(streams.state()))
                    .start());
            shutdown.register("kafka streams", () -> {
                if (!streams.close(CLOSE_TIMEOUT)) {
                    LOG.warn("kafka streams did not close within {}", CLOSE_TIMEOUT);
                }
            });
            streams.start();
            LOG.info("ingest started; ops server on port {}", ops.port());
            return new Running(streams, ops, registry, shutdown, terminated, failure);
        } catch (RuntimeException e) {
            shutdown.close();
            throw e;
        }
    }

    /** Processing or about to: RUNNING, or REBALANCING (which every start and scale-out passes through). */
    static boolean isReady(KafkaStreams.State state) {
        return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
    }

    static boolean isAlive(KafkaStreams.State state) {
        return state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR
                && state != KafkaStreams.State.NOT_RUNNING;
    }

    /** A started ingest service. */
    public static final class Running implements AutoCloseable {
        private final KafkaStreams streams;
        private final OpsServer ops;
        private final PrometheusMeterRegistry registry;
        private final GracefulShutdown shutdown;
        private final CountDownLatch terminated;
        private final AtomicReference<String> failure;

        private Running(KafkaStreams streams, OpsServer ops, PrometheusMeterRegistry registry,
                GracefulShutdown shutdown, CountDownLatch terminated, AtomicReference<String> failure) {
            this.failure = failure;
            this.streams = streams;
            this.ops = ops;
            this.registry = registry;
            this.shutdown = shutdown;
            this.terminated = terminated;
        }

        public KafkaStreams.State state() {
            return streams.state();
        }

        /** The ops server's bound port (the configured one, or the free one picked for 0). */
        public int opsPort() {
            return ops.port();
        }

        public PrometheusMeterRegistry registry() {
            return registry;
        }

        /** Why the streams stopped on their own (one line), or empty if they run or were closed in order. */
        public Optional<String> failure() {
            return Optional.ofNullable(failure.get());
        }

        /** Blocks until the streams client stops (closed or failed) and returns its final state. */
        public KafkaStreams.State awaitTermination() throws InterruptedException {
            terminated.await();
            return streams.state();
        }

        public boolean awaitTermination(Duration timeout) throws InterruptedException {
            return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Stops Kafka Streams, then the ops server, then the meters; safe to call more than once. */
        @Override
        public void close() {
            shutdown.close();
        }
    }
}
