package io.metastream.evaluator;

import io.metastream.domain.Evaluation;
import io.metastream.domain.paired.PairedComparison;
import io.metastream.domain.paired.PairedFigures;
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
    private final AtomicReference<Double> zeroShotHits1 = new AtomicReference<>(Double.NaN);
    /** reference → {delta, ci low, ci high, negative-flip rate, positive-flip rate}; NaN until known. */
    private final Map<String, AtomicReference<double[]>> paired = new java.util.HashMap<>();

    /** {ported hits@1, production hits@1, Δ, lost share, portable, re-adapt}; NaN when not ported. */
    private final AtomicReference<double[]> ported = new AtomicReference<>(nanOf(PORTED.length + 2));
    private static final String[][] PORTED = {
        {"metastream.evaluator.portability.ported.hits1", "ratio", "Hits@1 of production's kept per-persona adapters"
                + " ported as they are onto the last evaluated checkpoint"},
        {"metastream.evaluator.portability.production.hits1", "ratio", "Hits@1 of production with those same"
                + " adapters on the same queries"},
        {"metastream.evaluator.portability.delta", "ratio", "Paired hits@1 difference ported minus production"},
        {"metastream.evaluator.portability.negative.flips", "ratio", "Negative flips of the ported adapters as a"
                + " share of production's correct answers: answers they lose (what"
                + " METASTREAM_PROMOTION_MAX_PORTED_LOSS_SHARE bounds)"}};

    EvaluatorMetrics(MeterRegistry registry) {
        for (int i = 0; i < PORTED.length; i++) {
            int index = i;
            Gauge.builder(PORTED[i][0], ported, v -> v.get()[index])
                    .description(PORTED[i][2] + " (NaN when the last evaluation ported no adapters)")
                    .baseUnit(PORTED[i][1]).register(registry);
        }
        String[] verdicts = {"portable", "re_adapt"};
        for (int i = 0; i < verdicts.length; i++) {
            int index = PORTED.length + i;
            Gauge.builder("metastream.evaluator.portability.personas", ported, v -> v.get()[index])
                    .description("Personas whose ported adapter got this verdict in the last evaluation (NaN when"
                            + " it ported none)").tag("verdict", verdicts[i]).register(registry);
        }
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
        Gauge.builder("metastream.evaluator.zero.shot.hits1", zeroShotHits1, AtomicReference::get)
                .description("Hits@1 of the last evaluated checkpoint before any adaptation step (NaN before the"
                        + " first)").baseUnit("ratio").register(registry);
        String[][] figures = {
            {"metastream.evaluator.paired.delta", "Paired hits@1 difference of the last evaluated checkpoint"
                    + " minus the reference"},
            {"metastream.evaluator.paired.ci.low", "Lower end of that difference's 95% interval (personas as"
                    + " clusters)"},
            {"metastream.evaluator.paired.ci.high", "Upper end of that difference's 95% interval"},
            {"metastream.evaluator.negative.flips", "Share of (seed, query) outcomes the reference gets right and"
                    + " the last evaluated checkpoint wrong"},
            {"metastream.evaluator.positive.flips", "Share of (seed, query) outcomes the reference gets wrong and"
                    + " the last evaluated checkpoint right"}};
        for (String reference : new String[] {PairedComparison.PRODUCTION, PairedComparison.BASE,
            PairedComparison.ZERO_SHOT}) {
            AtomicReference<double[]> values = new AtomicReference<>(nan());
            paired.put(reference, values);
            for (int i = 0; i < figures.length; i++) {
                int index = i;
                Gauge.builder(figures[i][0], values, v -> v.get()[index])
                        .description(figures[i][1] + " (NaN when not comparable)").baseUnit("ratio")
                        .tag("reference", reference).register(registry);
            }
        }
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

    /** The last published evaluation's zero-shot score and paired figures (NaN where it has none). */
    void paired(Evaluation e) {
        zeroShotHits1.set(e.zeroShotHits1());
        paired.forEach((reference, values) -> values.set(e.comparison(reference).map(c -> {
            PairedFigures f = c.figures();
            return new double[] {f.delta(), f.ciLow(), f.ciHigh(), f.negativeFlipRate(), f.positiveFlipRate()};
        }).orElse(nan())));
        ported.set(e.portability() == null ? nanOf(PORTED.length + 2) : new double[] {
            e.portability().portedHits1(), e.portability().productionHits1(), e.portability().delta(),
            e.portability().lostShare(), e.portability().portable(),
            e.portability().reAdapt()});
    }

    private static double[] nanOf(int n) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, Double.NaN);
        return out;
    }

    private static double[] nan() {
        return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    }

    void evalSet(int personas) {
        evalSetPersonas.set(personas);
    }
}
