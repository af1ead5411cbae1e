package io.metastream.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell shared by the polling services (trainer, evaluator): runs a {@link Loop} on its own thread, serves
 * {@code /metrics} and {@code /health/*} (ready from the loop, live until the loop dies), and stops gracefully —
 * the unit of work in progress finishes, then the loop closes its clients.
 */
public final class PollingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PollingService.class);
    private static final Duration POLL = Duration.ofMillis(500);

    /** A service's work loop; implemented by the trainer's and the evaluator's Kafka-facing loops. */
    public interface Loop {
        /** Recovers state (committed offsets, store) before the first poll. */
        void start() throws Exception;

        /** Polls once, at most {@code maxWait}, and does the work that is due. */
        Object pollOnce(Duration maxWait) throws Exception;

        boolean ready();

        /** Interrupts a blocking poll from another thread. */
        void wakeup();

        void close();
    }

    private final String name;
    private final Loop loop;
    private final PrometheusMeterRegistry registry;
    private final OpsServer ops;
    private final Thread thread;
    private final String fatalAdvice;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;

    private PollingService(String name, Loop loop, PrometheusMeterRegistry registry, String metricsHost,
            int metricsPort, String fatalAdvice, BooleanSupplier dependencies) {
        this.name = name;
        this.loop = loop;
        this.registry = registry;
        this.fatalAdvice = fatalAdvice;
        this.ops = OpsServer.builder().setRegistry(registry).optHost(metricsHost).optPort(metricsPort).optReadiness(() -> loop.ready() && dependencies.getAsBoolean())
                .optLiveness(() -> failure.get() == null).start();
        this.thread = new Thread(this::run, "metastream-" + name);
    }

    /**
     * Starts the loop thread and the ops server.
     *
     * @param fatalAdvice  what an operator should do when the loop dies, for the log line
     * @param dependencies what readiness needs besides the loop (Kafka reachable, the store writable; see
     *                     {@link Readiness})
     */
    public static PollingService start(String name, Loop loop, PrometheusMeterRegistry registry, String metricsHost,
            int metricsPort, String fatalAdvice, BooleanSupplier dependencies) {
        PollingService s = new PollingService(name, loop, registry, metricsHost, metricsPort, fatalAdvice,
                dependencies);
        s.thread.start();
        return s;
    }

    private void run() {
        try {
            loop.start();
            while (!stopping) {
                loop.pollOnce(POLL);
            }
        } catch (WakeupException e) {
            if (!stopping) {
                failure.set(e);
            }
        } catch (Exception | Error e) {
            LOG.error("{} stopped on a fatal error; {}", name, fatalAdvice, e);
            failure.set(e);
        } finally {
            loop.close();
        }
    }

    public int metricsPort() {
        return ops.port();
    }

    public boolean ready() {
        return ops.ready();
    }

    /**
     * Set when the loop died of a fatal error (not by {@link #close()}); the liveness probe then fails and the
     * service command exits non-zero with this cause.
     */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Blocks until the loop thread ends (after {@link #close()} or a fatal error). */
    public void await() throws InterruptedException {
        thread.join();
    }

    @Override
    public void close() {
        stopping = true;
        loop.wakeup();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ops.close();
            registry.close();
        }
    }
}
