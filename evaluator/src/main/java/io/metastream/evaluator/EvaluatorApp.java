package io.metastream.evaluator;

import io.metastream.learning.api.FewShotEvaluator;
import io.metastream.runtime.Metrics;
import io.metastream.runtime.PollingService;
import io.metastream.runtime.Readiness;
import io.metastream.store.ArtifactStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluator service shell: reads the configuration and runs the {@link EvaluatorLoop} as a
 * {@link PollingService} (metrics; ready once the evaluation set is frozen). {@link #close()} lets the
 * checkpoint in progress finish and commit, then closes the clients.
 */
public final class EvaluatorApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluatorApp.class);

    private final PollingService service;
    private final Readiness readiness;

    private EvaluatorApp(PollingService service, Readiness readiness) {
        this.service = service;
        this.readiness = readiness;
    }

    /** Starts the evaluator from environment-style variables (see {@link EvaluatorConfig}) with a protocol core. */
    public static EvaluatorApp run(Map<String, String> env, FewShotEvaluator core) {
        EvaluatorConfig config = EvaluatorConfig.fromMap(env);
        LOG.info("starting evaluator with {}", config.redacted());
        PrometheusMeterRegistry registry = Metrics.newRegistry("evaluator");
        EvaluatorLoop loop = new EvaluatorLoop(config, core, new ArtifactStore(config.artifactDir()), registry,
                Clock.systemUTC());
        Readiness readiness = Readiness.kafka(Clients.base(config), config.transactionalId() + "-readiness");
        // ready while Kafka answers and the checkpoints in the store can be read
        return new EvaluatorApp(PollingService.start("evaluator", loop, registry, config.metricsHost(),
                config.metricsPort(), "restart it to resume from the committed offsets",
                Readiness.all(readiness::kafkaReachable, Readiness.readableDirectory(config.artifactDir()))),
                readiness);
    }

    public int metricsPort() {
        return service.metricsPort();
    }

    public boolean ready() {
        return service.ready();
    }

    /** Set when the loop died; the liveness probe then fails. */
    public Optional<Throwable> failure() {
        return service.failure();
    }

    /** Blocks until the loop thread ends (after {@link #close()} or a fatal error). */
    public void await() throws InterruptedException {
        service.await();
    }

    @Override
    public void close() {
        service.close();
        readiness.close();
    }
}
