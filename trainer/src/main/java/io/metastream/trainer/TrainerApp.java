package io.metastream.trainer;

import io.metastream.learning.api.Retrainer;
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
 * The trainer service shell: reads the configuration and runs the {@link TrainerLoop} as a
 * {@link PollingService} (metrics, health). {@link #close()} stops it gracefully: the round in progress finishes
 * (its transaction commits or aborts), then the clients close.
 */
public final class TrainerApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainerApp.class);

    private final TrainerLoop loop;
    private final PollingService service;
    private final Readiness readiness;

    private TrainerApp(TrainerLoop loop, PollingService service, Readiness readiness) {
        this.loop = loop;
        this.service = service;
        this.readiness = readiness;
    }

    /** Starts the trainer from environment-style variables (see {@link TrainerConfig}) with a retraining core. */
    public static TrainerApp run(Map<String, String> env, Retrainer retrainer) {
        TrainerConfig config = TrainerConfig.fromMap(env);
        LOG.info("starting trainer with {}", config.redacted());
        PrometheusMeterRegistry registry = Metrics.newRegistry("trainer");
        TrainerLoop loop = new TrainerLoop(config, retrainer, new ArtifactStore(config.artifactDir()), registry,
                Clock.systemUTC());
        Readiness readiness = Readiness.kafka(KafkaClients.base(config), config.transactionalId() + "-readiness");
        // ready while Kafka answers and the store takes new versions
        return new TrainerApp(loop, PollingService.start("trainer", loop, registry, config.metricsHost(),
                config.metricsPort(), "restart it to reconcile from Kafka and the store",
                Readiness.all(readiness::kafkaReachable, Readiness.writableDirectory(config.artifactDir()))),
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

    public Optional<String> lastVersion() {
        return loop.lastVersion();
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
