package io.metastream.control;

import io.metastream.control.kafka.KafkaDecisionSink;
import io.metastream.control.kafka.LedgerTopics;
import io.metastream.control.kafka.UpstreamEvents;
import io.metastream.domain.Checkpoint;
import io.metastream.domain.Evaluation;
import io.metastream.store.ArtifactStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control service's Kafka shell. On start: creates its topics if missing, takes over the ledger
 * producer (fencing any older instance), restores production and history from the ledger, reads the
 * checkpoints and evaluations topics up to their end, repairs the {@code PRODUCTION} marker; then follows the
 * upstream topics on a background thread. Decisions go through {@link #operations()}.
 */
public final class ControlService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlService.class);
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaDecisionSink sink;
    private final UpstreamEvents upstream;
    private final Controller controller;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;

    private ControlService(KafkaDecisionSink sink, UpstreamEvents upstream, Controller controller) {
        this.sink = sink;
        this.upstream = upstream;
        this.controller = controller;
        this.thread = new Thread(this::follow, "metastream-control-upstream");
        this.thread.setDaemon(true);
    }

    /** Restores the state and starts following upstream events; returns once caught up. */
    public static ControlService start(ControlConfig config, ControlMetrics metrics) {
        Objects.requireNonNull(metrics, "metrics");
        Properties client = clientProperties(config);
        LedgerTopics.ensure(client, config.topics(), START_TIMEOUT);
        KafkaDecisionSink sink = KafkaDecisionSink.create(client, config.topics(), config.transactionalId())
                .bindMetrics(metrics.registry());
        UpstreamEvents upstream = null;
        try {
            ControlState restored = LedgerTopics.restore(client, config.topics(), START_TIMEOUT);
            StoreArtifacts store = new StoreArtifacts(new ArtifactStore(config.artifactDir()));
            Controller controller = Controller.builder().setGate(new PromotionGate(config.policy())).setSink(sink)
                    .setStore(store).optInitialState(restored).optListener(metrics::decision).build();
            Properties upstreamClient = new Properties();
            upstreamClient.putAll(client);
            upstreamClient.put(CommonClientConfigs.CLIENT_ID_CONFIG, config.transactionalId()); // then "-upstream"
            upstream = new UpstreamEvents(upstreamClient, config.topics(), handler(controller, metrics), START_TIMEOUT)
                    .bindMetrics(metrics.registry());
            int read = upstream.catchUp(START_TIMEOUT);
            controller.syncMarker();
            metrics.bindState(controller::state, controller::markerInSync);
            ControlState s = controller.state();
            LOG.info("Control state restored: {} ledger entries, production {}, {} checkpoints from {} upstream records",
                    s.ledger().size(), s.production().orElse("(none)"), s.checkpoints().size(), read);
            ControlService service = new ControlService(sink, upstream, controller);
            service.thread.start();
            return service;
        } catch (RuntimeException e) {
            if (upstream != null) {
                upstream.close();
            }
            sink.close();
            throw e;
        }
    }

    static Properties clientProperties(ControlConfig config) {
        Properties client = new Properties();
        client.putAll(config.kafkaOverrides());
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        return client;
    }

    private static UpstreamEvents.Handler handler(Controller controller, ControlMetrics metrics) {
        return new UpstreamEvents.Handler() {
            @Override
            public void checkpoint(Checkpoint checkpoint) {
                controller.onCheckpoint(checkpoint);
            }

            @Override
            public void evaluation(Evaluation evaluation) {
                controller.onEvaluation(evaluation);
            }

            @Override
            public void invalid(String topic, String problem) {
                metrics.invalidRecord(topic.contains("checkpoints") ? "checkpoints" : "evaluations");
            }
        };
    }

    private void follow() {
        try {
            while (!stopping) {
                upstream.pollOnce(POLL);
                if (!controller.markerInSync()) {
                    controller.syncMarker(); // retries a marker write that failed (disk full, volume remounted)
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                failure.set(e);
            }
        } catch (RuntimeException | Error e) {
            LOG.error("Control service stopped following checkpoints and evaluations; restart it", e);
            failure.set(e);
        } finally {
            upstream.close();
        }
    }

    /** What the HTTP API calls. */
    public Controller operations() {
        return controller;
    }

    /** Alive: still following upstream and able to write the ledger. */
    public boolean live() {
        return failure.get() == null && sink.healthy();
    }

    /** Ready for operators: live, and the production marker matches the ledger. */
    public boolean ready() {
        return live() && controller.markerInSync();
    }

    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public void close() {
        stopping = true;
        upstream.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sink.close();
        }
    }
}
