package io.metastream.evaluator;

import io.metastream.store.ArtifactIntegrityException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The evaluator's meters. Tags are bounded enums: never a persona, task or version. */
final class EvaluatorMetrics {
    /** What became of one checkpoint event. */
    enum Outcome { PASSED, FAILED_GATE, REFUSED_ARTIFACT, NON_FINITE, ERROR, DUPLICATE }

    private final Map<Outcome, Counter> checkpoints = new EnumMap<>(Outcome.class);
    private final Map<ArtifactIntegrityException.Problem, Counter> refused =
            new EnumMap<>(ArtifactIntegrityException.Problem.class);
    private final Timer duration;
    private final AtomicReference<Double> lastHits1 = new AtomicReference<>(Double.NaN);
    private final AtomicLong evalSetPersonas = new AtomicLong();

    EvaluatorMetrics(MeterRegistry registry) {
        for (Outcome o : Outcome.values()) {
            checkpoints.put(o, Counter.builder("metastream.evaluator.checkpoints")
                    .description("Checkpoint events handled, by outcome (passed, failed_gate, refused_artifact,"
                            + " non_finite, error, duplicate)")
                    .tag("outcome", o.name().toLowerCase()).register(registry));
        }
        for (ArtifactIntegrityException.Problem p : ArtifactIntegrityException.Problem.values()) {
            refused.put(p, Counter.builder("metastream.evaluator.artifacts.refused")
                    .description("Artifacts that failed verification, by problem: no evaluation is published")
                    .tag("problem", p.name().toLowerCase()).register(registry));
        }
        duration = Timer.builder("metastream.evaluator.evaluation.duration")
                .description("Wall time of the few-shot adaptation protocol for one checkpoint").register(registry);
        Gauge.builder("metastream.evaluator.last.hits1", lastHits1, AtomicReference::get)
                .description("Mean few-shot hits@1 of the last evaluated checkpoint (NaN before the first)")
                .baseUnit("ratio").register(registry);
        Gauge.builder("metastream.evaluator.evalset.personas", evalSetPersonas, AtomicLong::get)
                .description("Held-out personas in the frozen evaluation set (0 until frozen)")
                .register(registry);
    }

    void outcome(Outcome o) {
        checkpoints.get(o).increment();
    }

    void refused(ArtifactIntegrityException.Problem p) {
        refused.get(p).increment();
        outcome(Outcome.REFUSED_ARTIFACT);
    }

    void evaluated(Duration took, double hits1) {
        duration.record(took);
        lastHits1.set(hits1);
    }

    void evalSet(int personas) {
        evalSetPersonas.set(personas);
    }
}
