package io.metastream.evaluator;

import io.metastream.learning.api.FewShotEvaluator;
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
 * The evaluator service shell: reads the configuration, starts the ops server (metrics; ready once the
 * evaluation set is frozen) and runs the {@link EvaluatorLoop} on its own thread. {@link #close()} lets the
 * checkpoint in progress finish and commit, then closes the clients.
 */
public final class EvaluatorApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluatorApp.class);

    private final EvaluatorLoop loop;
    private final PrometheusMeterRegistry registry;
    private final OpsServer ops;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;

    private EvaluatorApp(EvaluatorConfig config, FewShotEvaluator core) {
        this.registry = Metrics.newRegistry("evaluator");
        this.loop = new EvaluatorLoop(config, core, new ArtifactStore(config.artifactDir()), registry,
                Clock.systemUTC());
        this.ops = OpsServer.builder().setRegistry(registry).optPort(config.metricsPort())
                .optReadiness(loop::ready).optLiveness(() -> failure.get() == null).start();
        this.thread = new Thread(this::runLoop, "metastream-evaluator");
    }

    /** Starts the evaluator from environment-style variables (see {@link EvaluatorConfig}) with a protocol core. */
    public static EvaluatorApp run(Map<String, String> env, FewShotEvaluator core) {
        EvaluatorConfig config = EvaluatorConfig.fromMap(env);
        LOG.info("starting evaluator with {}", config.redacted());
        EvaluatorApp app = new EvaluatorApp(config, core);
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
            LOG.error("evaluator stopped on a fatal error; restart it to resume from the committed offsets", e);
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
