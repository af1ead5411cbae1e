package io.metastream.control;

import io.metastream.domain.Checkpoint;
import io.metastream.domain.Evaluation;
import io.metastream.domain.PromotionDecision;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control core: holds the folded state, asks the gate, records every decision through the sink and then
 * moves the production marker. Decisions are serialised (one at a time) so each sees the previous one;
 * checkpoint and evaluation events may arrive concurrently and are folded atomically.
 *
 * <p>Order matters for crash safety: the ledger entry and pointer are committed first, the marker written
 * after. A crash in between leaves the marker behind the ledger; {@link #syncMarker()} (called on start and
 * after each decision) repairs it from the ledger, which is the source of truth.
 */
public final class Controller implements ControlOperations {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);
    static final int STATUS_DECISIONS = 10;

    private final PromotionGate gate;
    private final DecisionSink sink;
    private final ProductionMarker marker;
    private final ArtifactCheck artifacts;
    private final Clock clock;
    private final Supplier<String> ids;
    private final BiConsumer<PromotionDecision, Verdict> listener;
    private final AtomicReference<ControlState> state;
    private volatile boolean markerInSync = true;

    private Controller(Builder b) {
        this.gate = Objects.requireNonNull(b.gate, "setGate is required");
        this.sink = Objects.requireNonNull(b.sink, "setSink is required");
        this.marker = Objects.requireNonNull(b.marker, "setMarker is required");
        this.artifacts = Objects.requireNonNull(b.artifacts, "setArtifactCheck is required");
        this.clock = b.clock;
        this.ids = b.ids;
        this.listener = b.listener;
        this.state = new AtomicReference<>(b.initial);
    }

    public static Builder builder() {
        return new Builder();
    }

    public ControlState state() {
        return state.get();
    }

    public void onCheckpoint(Checkpoint checkpoint) {
        state.updateAndGet(s -> s.withCheckpoint(checkpoint));
    }

    public void onEvaluation(Evaluation evaluation) {
        state.updateAndGet(s -> s.withEvaluation(evaluation));
    }

    @Override
    public synchronized PromotionDecision promote(String actor, PromotionRequest request) {
        Objects.requireNonNull(request, "request");
        return record(actor, request.reason(), gate.promote(state.get(), request, artifacts));
    }

    @Override
    public synchronized PromotionDecision rollback(String actor, RollbackRequest request) {
        Objects.requireNonNull(request, "request");
        return record(actor, request.reason(), gate.rollback(state.get(), request, artifacts));
    }

    private PromotionDecision record(String actor, String reason, Verdict verdict) {
        PromotionDecision decision = new PromotionDecision(ids.get(), verdict.action(), verdict.version(),
                verdict.previousVersion(), actor, reason, verdict.forced(), verdict.outcome(), verdict.refusal(),
                verdict.evaluationDigest(), verdict.artifactSha256(), clock.instant(), verdict.paired());
        try {
            sink.publish(decision);
        } catch (RuntimeException e) {
            LOG.warn("{} {} of {} by {} could not be recorded in the ledger: {}", decision.outcome(), decision.action(),
                    LogSafe.quote(decision.version()), LogSafe.quote(actor), LogSafe.quote(e.toString()));
            throw new ControlUnavailableException("could not record the decision in the ledger: " + e.getMessage()
                    + " (GET /v1/status shows what is recorded; retry when Kafka is reachable)", e);
        }
        state.updateAndGet(s -> s.withDecision(decision));
        LOG.info("{} {} of {} by {} ({}){}", decision.outcome(), decision.action(), LogSafe.quote(decision.version()),
                LogSafe.quote(actor), decision.forced() ? "forced" : "gated",
                verdict.accepted() ? "" : ": " + LogSafe.quote(decision.refusal()));
        listener.accept(decision, verdict);
        if (verdict.accepted()) {
            syncMarker();
        }
        return decision;
    }

    /**
     * Makes the marker file name the ledger's production version, if there is one. Never throws: a failure
     * is logged and reported by {@link #markerInSync()} (readiness), and retried on the next call.
     */
    public synchronized boolean syncMarker() {
        Optional<String> production = state.get().production();
        try {
            if (production.isPresent() && !production.equals(marker.read())) {
                marker.write(production.get());
                LOG.info("Production marker {} now names {}", marker.describe(), LogSafe.quote(production.get()));
            }
            markerInSync = true;
        } catch (RuntimeException e) {
            markerInSync = false;
            LOG.error("Production marker {} could not be updated to {}: {}", marker.describe(), LogSafe.quote(production.orElse("?")),
                    e.getMessage());
        }
        return markerInSync;
    }

    /** Whether the marker file was last seen naming the ledger's production version. */
    public boolean markerInSync() {
        return markerInSync;
    }

    public double margin() {
        return gate.policy().margin();
    }

    @Override
    public StatusView status() {
        return StatusView.of(state.get(), gate.policy(), STATUS_DECISIONS);
    }

    /** {@code setGate}, {@code setSink}, {@code setMarker} and {@code setArtifactCheck} are required. */
    public static final class Builder {
        private PromotionGate gate;
        private DecisionSink sink;
        private ProductionMarker marker;
        private ArtifactCheck artifacts;
        private Clock clock = Clock.systemUTC();
        private Supplier<String> ids = () -> UUID.randomUUID().toString();
        private BiConsumer<PromotionDecision, Verdict> listener = (d, v) -> { };
        private ControlState initial = ControlState.EMPTY;

        private Builder() {
        }

        public Builder setGate(PromotionGate gate) {
            this.gate = gate;
            return this;
        }

        public Builder setSink(DecisionSink sink) {
            this.sink = sink;
            return this;
        }

        public Builder setMarker(ProductionMarker marker) {
            this.marker = marker;
            return this;
        }

        /** Verifies artifacts before they become production (normally {@link StoreArtifacts}). */
        public Builder setArtifactCheck(ArtifactCheck artifacts) {
            this.artifacts = artifacts;
            return this;
        }

        /** Uses the artifact store both to verify artifacts and for the production marker. */
        public Builder setStore(StoreArtifacts store) {
            this.marker = store;
            this.artifacts = store;
            return this;
        }

        public Builder optClock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder optIds(Supplier<String> ids) {
            this.ids = Objects.requireNonNull(ids, "ids");
            return this;
        }

        /** Called after each decision is recorded, with the gate's verdict (metrics). */
        public Builder optListener(BiConsumer<PromotionDecision, Verdict> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The state restored from the topics. */
        public Builder optInitialState(ControlState initial) {
            this.initial = Objects.requireNonNull(initial, "initial");
            return this;
        }

        public Controller build() {
            return new Controller(this);
        }
    }
}
