package io.metastream.domain.paired;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a persona's adapter, trained on the production base, still works on a candidate base as it is
 * (no retraining): the per-persona verdict and its aggregate. Pure.
 *
 * <p>The rule, per persona, on the same query examples scored twice — by production with its own adapter
 * ({@code production}) and by the candidate with that same adapter ported unchanged ({@code ported}):
 * <ul>
 *   <li>{@link Verdict#PORTABLE} when BOTH hold: (1) the ported hits@1 is not lower than production's by more
 *       than {@code tolerance} ({@code production − ported ≤ tolerance}), and (2) its negative flips (queries
 *       production gets right and the ported adapter wrong) are at most {@code maxLostShare} of production's
 *       correct answers ({@code flips ≤ maxLostShare · correct}; with no correct answer there is nothing to
 *       lose, so (2) holds);</li>
 *   <li>{@link Verdict#RE_ADAPT} otherwise, and always for an adapter that does not load on the candidate
 *       (its outcomes are then all misses: it answers nothing).</li>
 * </ul>
 * Condition (2) is there because hits@1 alone hides churn: an adapter can keep its score while trading the
 * answers a user relied on for others (MUSCLE's negative flips). The aggregate gives the mean ported hits@1,
 * the paired Δ (ported − production) with personas as clusters ({@link PairedStatistics}), the negative flips
 * as a count, as a share of all queries and as a share of production's correct answers (what a gate would
 * bound), and how many personas got each verdict.
 *
 * @param tolerance    largest tolerated hits@1 drop of a persona, in [0, 1]
 * @param maxLostShare largest tolerated share of production's correct answers flipped to wrong, in [0, 1]
 */
public record PortabilityVerdict(double tolerance, double maxLostShare) {
    public static final double DEFAULT_TOLERANCE = 0.05;
    public static final double DEFAULT_MAX_LOST_SHARE = 0.10;
    /** Means of equal values differ by floating-point noise: comparisons allow this much. */
    static final double EPSILON = 1e-9;

    /** A persona's verdict; lower-case names ({@code portable}, {@code re-adapt}) in reports. */
    public enum Verdict {
        PORTABLE, RE_ADAPT;

        public String label() {
            return this == PORTABLE ? "portable" : "re-adapt";
        }
    }

    /** One persona's figures and verdict. */
    public record Persona(String task, int queries, double productionHits1, double portedHits1,
            long negativeFlips, long positiveFlips, long productionCorrect, boolean loaded, Verdict verdict) {

        /** Share of production's correct answers the ported adapter loses (0 when there were none). */
        public double lostShare() {
            return productionCorrect == 0 ? 0 : (double) negativeFlips / productionCorrect;
        }
    }

    /** The aggregate over personas; {@code paired} is empty with fewer than 2 personas. */
    public record Summary(List<Persona> personas, double productionHits1, double portedHits1,
            Optional<PairedFigures> paired, long negativeFlips, long queries, long productionCorrect,
            int portable, int reAdapt) {
        public Summary {
            personas = List.copyOf(personas);
        }

        /** Negative flips over all queries (as {@link PairedFigures#negativeFlipRate}). */
        public double negativeFlipRate() {
            return queries == 0 ? 0 : (double) negativeFlips / queries;
        }

        /** Negative flips over production's correct answers: the share of them the ported adapters lose. */
        public double lostShare() {
            return productionCorrect == 0 ? 0 : (double) negativeFlips / productionCorrect;
        }
    }

    /** One persona's outcomes: production's and the ported adapter's (empty when it did not load). */
    public record Outcomes(String task, List<Boolean> production, Optional<List<Boolean>> ported) {
        public Outcomes {
            if (task == null || task.isBlank()) {
                throw new IllegalArgumentException("a persona's outcomes need its task id");
            }
            production = List.copyOf(production);
            ported = ported.map(List::copyOf);
            if (production.isEmpty()) {
                throw new IllegalArgumentException("task " + task + " has no query outcomes");
            }
            if (ported.isPresent() && ported.get().size() != production.size()) {
                throw new IllegalArgumentException("task " + task + ": " + production.size()
                        + " production outcomes but " + ported.get().size() + " ported: not the same queries");
            }
        }
    }

    public PortabilityVerdict {
        if (!(tolerance >= 0 && tolerance <= 1)) {
            throw new IllegalArgumentException("the hits@1 tolerance must be in [0, 1], got " + tolerance);
        }
        if (!(maxLostShare >= 0 && maxLostShare <= 1)) {
            throw new IllegalArgumentException("the tolerated share of lost answers must be in [0, 1], got "
                    + maxLostShare);
        }
    }

    public static PortabilityVerdict defaults() {
        return new PortabilityVerdict(DEFAULT_TOLERANCE, DEFAULT_MAX_LOST_SHARE);
    }

    /** The rule for one persona. */
    public Persona judge(Outcomes o) {
        List<Boolean> prod = o.production();
        List<Boolean> ported = o.ported().orElse(null);
        long correct = 0;
        long portedCorrect = 0;
        long negative = 0;
        long positive = 0;
        for (int i = 0; i < prod.size(); i++) {
            boolean p = prod.get(i);
            boolean q = ported != null && ported.get(i);
            correct += p ? 1 : 0;
            portedCorrect += q ? 1 : 0;
            negative += p && !q ? 1 : 0;
            positive += !p && q ? 1 : 0;
        }
        int n = prod.size();
        double prodHits = (double) correct / n;
        double portedHits = (double) portedCorrect / n;
        boolean keepsScore = prodHits - portedHits <= tolerance + EPSILON;
        boolean keepsAnswers = negative <= maxLostShare * correct + EPSILON;
        Verdict v = ported != null && keepsScore && keepsAnswers ? Verdict.PORTABLE : Verdict.RE_ADAPT;
        return new Persona(o.task(), n, prodHits, portedHits, negative, positive, correct, ported != null, v);
    }

    /**
     * Judges every persona and aggregates.
     *
     * @throws IllegalArgumentException when a task appears twice or there is none
     */
    public Summary summarize(List<Outcomes> outcomes) {
        if (outcomes.isEmpty()) {
            throw new IllegalArgumentException("no personas to judge");
        }
        List<Persona> personas = new ArrayList<>();
        Map<String, Map<Long, boolean[]>> reference = new HashMap<>();
        Map<String, Map<Long, boolean[]>> candidate = new HashMap<>();
        for (Outcomes o : outcomes) {
            if (reference.containsKey(o.task())) {
                throw new IllegalArgumentException("task " + o.task() + " appears twice");
            }
            Persona p = judge(o);
            personas.add(p);
            reference.put(o.task(), Map.of(0L, bits(o.production())));
            candidate.put(o.task(), Map.of(0L, o.ported().map(PortabilityVerdict::bits)
                    .orElse(new boolean[o.production().size()])));
        }
        double prodMean = personas.stream().mapToDouble(Persona::productionHits1).average().orElseThrow();
        double portedMean = personas.stream().mapToDouble(Persona::portedHits1).average().orElseThrow();
        long flips = personas.stream().mapToLong(Persona::negativeFlips).sum();
        long queries = personas.stream().mapToLong(Persona::queries).sum();
        long correct = personas.stream().mapToLong(Persona::productionCorrect).sum();
        int portable = (int) personas.stream().filter(p -> p.verdict() == Verdict.PORTABLE).count();
        return new Summary(personas, prodMean, portedMean, PairedStatistics.compare(reference, candidate), flips,
                queries, correct, portable, personas.size() - portable);
    }

    private static boolean[] bits(List<Boolean> values) {
        boolean[] out = new boolean[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
