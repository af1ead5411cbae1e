package io.metastream.ingest;

import io.metastream.runtime.GracefulShutdown;
import io.metastream.runtime.Metrics;
import io.metastream.runtime.OpsServer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
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

    private IngestApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        Running running = run(System.getenv());
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "ingest-shutdown"));
        KafkaStreams.State end = running.awaitTermination();
        running.close();
        System.exit(end == KafkaStreams.State.ERROR ? 1 : 0);
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
            KafkaStreams streams = new KafkaStreams(IngestTopology.build(config, new IngestMetrics(registry)),
                    config.streamsProperties());
            CountDownLatch terminated = new CountDownLatch(1);
            streams.setStateListener((now, before) -> {
                LOG.info("ingest streams {} -> {}", before, now);
                if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                    terminated.countDown();
                }
            });
            // A thread dying on an unexpected error stops the client: the liveness probe then fails and the
            // platform restarts the pod, resuming from the last committed transaction.
            streams.setUncaughtExceptionHandler(e -> {
                LOG.error("ingest stream thread failed; shutting the client down", e);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            KafkaStreamsMetrics streamsMetrics = shutdown.register("kafka streams metrics",
                    new KafkaStreamsMetrics(streams));
            streamsMetrics.bindTo(registry);
            OpsServer ops = shutdown.register("ops server", OpsServer.builder().setRegistry(registry)
                    .optHost(config.metricsHost()).optPort(config.metricsPort())
                    .optReadiness(() -> streams.state() == KafkaStreams.State.RUNNING)
                    .optLiveness(() -> isAlive(streams.state()))
                    .start());
            shutdown.register("kafka streams", () -> {
                if (!streams.close(CLOSE_TIMEOUT)) {
                    LOG.warn("kafka streams did not close within {}", CLOSE_TIMEOUT);
                }
            });
            streams.start();
            LOG.info("ingest started; ops server on port {}", ops.port());
            return new Running(streams, ops, registry, shutdown, terminated);
        } catch (RuntimeException e) {
            shutdown.close();
            throw e;
        }
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

        private Running(KafkaStreams streams, OpsServer ops, PrometheusMeterRegistry registry,
                GracefulShutdown shutdown, CountDownLatch terminated) {
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
