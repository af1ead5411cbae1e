package io.metastream.domain.paired;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Paired hits@1 comparison of two versions scored on the same frozen set (same personas, seeds and query
 * examples). Pure.
 *
 * <p>Personas are the clustering unit and seeds are nested inside them: each persona's difference
 * {@code d_p} is the mean of {@code candidate − reference} over its seeds and query examples; {@code Δ} is the
 * mean of the {@code d_p} (each persona weighs the same, as in the reported hits@1 mean); its standard error is
 * the cluster-robust one, {@code sd(d_p) / sqrt(P)}, and the 95% interval is {@code Δ ± t(0.975, P − 1) · se}
 * with Student's t (few personas make the normal quantile too narrow). Queries of one persona are not
 * independent (same persona, same adapter), which is why they are not the unit.
 */
public final class PairedStatistics {

    private PairedStatistics() {
    }

    /**
     * Compares stored outcomes; empty when fewer than 2 personas are shared (no spread to estimate).
     *
     * @throws IllegalArgumentException when the two are not outcomes of the same frozen set
     */
    public static Optional<PairedFigures> compare(List<OutcomeBits> reference, List<OutcomeBits> candidate) {
        return compare(byTask(reference, OutcomeBits::correctBits), byTask(candidate, OutcomeBits::correctBits));
    }

    /** Zero-shot (before adaptation) versus after adaptation, per query: the adaptation gain, paired. */
    public static Optional<PairedFigures> adaptationGain(List<OutcomeBits> outcomes) {
        if (outcomes.stream().anyMatch(o -> o.zeroShot().isEmpty())) {
            return Optional.empty();
        }
        return compare(byTask(outcomes, OutcomeBits::zeroShotBits), byTask(outcomes, OutcomeBits::correctBits));
    }

    /**
     * The pure core on plain values: task → seed → per-query outcomes.
     *
     * @throws IllegalArgumentException when tasks, seeds or query counts differ
     */
    public static Optional<PairedFigures> compare(Map<String, Map<Long, boolean[]>> reference,
            Map<String, Map<Long, boolean[]>> candidate) {
        if (!reference.keySet().equals(candidate.keySet())) {
            throw new IllegalArgumentException("the two versions were scored on different personas: "
                    + reference.keySet().size() + " vs " + candidate.keySet().size() + " tasks, not the same set");
        }
        List<Double> perPersona = new ArrayList<>();
        long negative = 0;
        long positive = 0;
        long queries = 0;
        for (String task : new TreeMap<>(reference).keySet()) {
            Map<Long, boolean[]> r = reference.get(task);
            Map<Long, boolean[]> c = candidate.get(task);
            if (!r.keySet().equals(c.keySet()) || r.isEmpty()) {
                throw new IllegalArgumentException("task " + task + " was scored with different seeds: " + r.keySet()
                        + " vs " + c.keySet());
            }
            long diff = 0;
            long n = 0;
            for (var seed : r.entrySet()) {
                boolean[] a = seed.getValue();
                boolean[] b = c.get(seed.getKey());
                if (a.length != b.length || a.length == 0) {
                    throw new IllegalArgumentException("task " + task + " seed " + seed.getKey() + " has " + a.length
                            + " vs " + b.length + " query outcomes: not the same queries");
                }
                for (int i = 0; i < a.length; i++) {
                    if (a[i] && !b[i]) {
                        negative++;
                        diff--;
                    } else if (!a[i] && b[i]) {
                        positive++;
                        diff++;
                    }
                }
                n += a.length;
            }
            perPersona.add((double) diff / n);
            queries += n;
        }
        int p = perPersona.size();
        if (p < 2) {
            return Optional.empty();
        }
        double mean = perPersona.stream().mapToDouble(Double::doubleValue).sum() / p;
        double ss = 0;
        for (double d : perPersona) {
            ss += (d - mean) * (d - mean);
        }
        double se = Math.sqrt(ss / (p - 1) / p);
        double half = tQuantile975(p - 1) * se;
        // Exact zeros stay exact (identical outcomes give a degenerate interval at 0).
        return Optional.of(new PairedFigures(mean, se, se == 0 ? mean : mean - half, se == 0 ? mean : mean + half,
                negative, positive, queries, p));
    }

    /** Student's t 0.975 quantile: exact for 1–10 degrees of freedom, Hill's expansion above (error < 1e-4). */
    static double tQuantile975(int df) {
        double[] exact = {12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281};
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be >= 1, was " + df);
        }
        if (df <= exact.length) {
            return exact[df - 1];
        }
        double z = 1.959963984540054;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        double z7 = z5 * z * z;
        double v = df;
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
    }

    private static Map<String, Map<Long, boolean[]>> byTask(List<OutcomeBits> outcomes,
            java.util.function.Function<OutcomeBits, boolean[]> bits) {
        Map<String, Map<Long, boolean[]>> out = new HashMap<>();
        for (OutcomeBits o : outcomes) {
            if (out.computeIfAbsent(o.task(), k -> new HashMap<>()).put(o.seed(), bits.apply(o)) != null) {
                throw new IllegalArgumentException("task " + o.task() + " seed " + o.seed() + " appears twice");
            }
        }
        return out;
    }
}
