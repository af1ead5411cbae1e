package io.metastream.trainer;

import io.metastream.learning.api.Retrainer;
import io.metastream.runtime.Metrics;
import io.metastream.runtime.OpsServer;
import io.metastream.store.ArtifactStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer service shell: reads the configuration, starts the ops server (metrics, health) and runs the
 * {@link TrainerLoop} on its own thread. {@link #close()} stops it gracefully: the round in progress finishes
 * (its transaction commits or aborts), then the clients close.
 */
public final class TrainerApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainerApp.class);

    private final TrainerLoop loop;
    private final PrometheusMeterRegistry registry;
    private final OpsServer ops;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;

    private TrainerApp(TrainerConfig config, Retrainer retrainer) {
        this.registry = Metrics.newRegistry("trainer");
        this.loop = new TrainerLoop(config, retrainer, new ArtifactStore(config.artifactDir()), registry,
                Clock.systemUTC());
        this.ops = OpsServer.builder().setRegistry(registry).optPort(config.metricsPort())
                .optReadiness(loop::ready).optLiveness(() -> failure.get() == null).start();
        this.thread = new Thread(this::runLoop, "metastream-trainer");
    }

    /** Starts the trainer from environment-style variables (see {@link TrainerConfig}) with a retraining core. */
    public static TrainerApp run(Map<String, String> env, Retrainer retrainer) {
        TrainerConfig config = TrainerConfig.fromMap(env);
        LOG.info("starting trainer with {}", config.redacted());
        TrainerApp app = new TrainerApp(config, retrainer);
        app.thread.start();
        return app;
    }

    private void runLoop() {
        try {
            loop.start();
            while (!stopping) {
                loop.pollOnce(Duration.ofMillis(500));
            }
        } catch (WakeupException e) {
            if (!stopping) {
                failure.set(e);
            }
        } catch (Exception | Error e) {
            LOG.error("trainer stopped on a fatal error; restart it to reconcile from Kafka and the store", e);
            failure.set(e);
        } finally {
            loop.close();
        }
    }

    public int metricsPort() {
        return ops.port();
    }

    public boolean ready() {
        return loop.ready();
    }

    /** Set when the loop died; the liveness probe then fails. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    public Optional<String> lastVersion() {
        return loop.lastVersion();
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
