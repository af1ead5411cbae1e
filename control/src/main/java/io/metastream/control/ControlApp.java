package io.metastream.control;

import io.metastream.control.http.BearerAuth;
import io.metastream.control.http.ControlHttpServer;
import io.metastream.runtime.GracefulShutdown;
import io.metastream.runtime.Metrics;
import io.metastream.runtime.OpsServer;
import io.metastream.runtime.ExactlyOnceClients;
import io.metastream.runtime.Readiness;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control service process: configuration from the environment, the Kafka-backed {@link ControlService},
 * the authenticated control API, and the ops server ({@code /metrics}, {@code /health/live},
 * {@code /health/ready}). {@link #close()} stops everything in reverse order.
 *
 * <pre>{@code
 * try (ControlApp app = ControlApp.run(System.getenv())) { app.await(); }
 * }</pre>
 */
public final class ControlApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlApp.class);

    private final GracefulShutdown shutdown;
    private final ControlService service;
    private final ControlHttpServer api;
    private final OpsServer ops;
    private final ControlMetrics metrics;

    private ControlApp(GracefulShutdown shutdown, ControlService service, ControlHttpServer api, OpsServer ops,
            ControlMetrics metrics) {
        this.shutdown = shutdown;
        this.service = service;
        this.api = api;
        this.ops = ops;
        this.metrics = metrics;
    }

    /**
     * Starts the control service from environment-style variables (see {@link ControlConfig}); returns once
     * the state is restored and the API is serving.
     */
    public static ControlApp run(Map<String, String> env) {
        ControlConfig config = ControlConfig.fromMap(env);
        LOG.info("Starting control service with {}", config.redacted());
        GracefulShutdown shutdown = new GracefulShutdown();
        try {
            PrometheusMeterRegistry registry = Metrics.newRegistry("control");
            shutdown.register("meter registry", registry::close);
            ControlMetrics metrics = new ControlMetrics(registry);
            ControlService service = shutdown.register("control service", ControlService.start(config, metrics));
            Readiness kafka = shutdown.register("kafka readiness", Readiness.kafka(
                    ExactlyOnceClients.base(config.bootstrapServers(), config.kafkaOverrides()),
                    config.transactionalId() + "-readiness"));
            OpsServer ops = shutdown.register("ops server", OpsServer.builder().setRegistry(registry)
                    .optHost(config.metricsHost()).optPort(config.metricsPort()).optLiveness(service::live)
                    .optReadiness(Readiness.all(service::ready, kafka::kafkaReachable)).start());
            ControlHttpServer api = shutdown.register("control API", ControlHttpServer.start(service.operations(),
                    new BearerAuth(config.tokens()), config.host(), config.port(), config.requestTimeout(),
                    config.maxBodyBytes(), metrics::request));
            LOG.info("Control API on port {} ({} operator tokens), ops on port {}", api.port(), config.tokens().size(),
                    ops.port());
            return new ControlApp(shutdown, service, api, ops, metrics);
        } catch (RuntimeException e) {
            shutdown.close();
            throw e;
        }
    }

    /** Runs the control service from the process environment until SIGTERM. */
    public static void main(String[] args) throws InterruptedException {
        ControlApp.run(System.getenv()).installShutdownHook().await();
    }

    public int apiPort() {
        return api.port();
    }

    public int metricsPort() {
        return ops.port();
    }

    public boolean ready() {
        return service.ready();
    }

    public ControlMetrics metrics() {
        return metrics;
    }

    /** The current state (for local mode's progress display and tests). */
    public ControlState state() {
        return service.operations().state();
    }

    /** Installs a JVM shutdown hook that closes this app (SIGTERM from Kubernetes). */
    public ControlApp installShutdownHook() {
        shutdown.installHook("metastream-control-shutdown");
        return this;
    }

    /** The fatal error that stopped the service (its upstream follower died), if any. */
    public java.util.Optional<Throwable> failure() {
        return service.failure();
    }

    /** Blocks until {@link #close()} is called from another thread or the shutdown hook, or a fatal error. */
    public void await() throws InterruptedException {
        while (!shutdown.isClosed() && service.failure().isEmpty()) {
            synchronized (this) {
                wait(1_000);
            }
        }
    }

    @Override
    public void close() {
        shutdown.close();
        synchronized (this) {
            notifyAll();
        }
    }
}
