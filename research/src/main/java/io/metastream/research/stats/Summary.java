package io.metastream.research.stats;

import io.metastream.learning.stats.Stats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Mean and standard error of n scores.
 *
 * @param mean the mean score
 * @param se   the standard error of the mean (0 when n = 1)
 * @param n    how many scores were summarised
 */
public record Summary(double mean, double se, int n) {
    public Summary {
        if (n < 1) {
            throw new IllegalArgumentException("a summary needs n >= 1, got " + n);
        }
        if (!Double.isFinite(mean) || !(se >= 0) || Double.isInfinite(se)) {
            throw new IllegalArgumentException("a summary needs a finite mean and se >= 0, got " + mean + " and " + se);
        }
    }

    /** Summarises plain values. */
    public static Summary of(Collection<Double> values) {
        return new Summary(Stats.mean(values), Stats.standardError(values), values.size());
    }

    /**
     * Summarises one score per (task, seed) pair, the unit of the paper's "mean +- s.e. over seeds and
     * tasks". A repeated pair would count one run twice, so it is rejected.
     */
    public static Summary overTasksAndSeeds(Collection<TaskSeedScore> scores) {
        Set<String> pairs = new HashSet<>();
        List<Double> values = new ArrayList<>(scores.size());
        for (TaskSeedScore s : scores) {
            if (!pairs.add(s.task() + "\u0000" + s.seed())) {
                throw new IllegalArgumentException("task " + s.task() + " with seed " + s.seed()
                        + " is scored twice; aggregate one score per (task, seed)");
            }
            values.add(s.score());
        }
        return of(values);
    }
}
