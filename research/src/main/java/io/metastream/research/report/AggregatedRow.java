package io.metastream.research.report;

import io.metastream.research.stats.Summary;
import java.util.Objects;

/**
 * The scores of one method (at one rank, or over all its ranks) summarised over its (task, seed) runs.
 *
 * @param method the method
 * @param rank   the rank, or {@link #ALL_RANKS} for a per-method summary
 * @param hits1  hits@1 mean and standard error
 * @param mrr    MRR mean and standard error
 * @param tasks  distinct tasks evaluated
 * @param seeds  distinct seeds
 */
public record AggregatedRow(String method, int rank, Summary hits1, Summary mrr, int tasks, int seeds) {
    /** The rank value of a summary that pools every rank of a method. */
    public static final int ALL_RANKS = -1;

    public AggregatedRow {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(hits1, "hits1");
        Objects.requireNonNull(mrr, "mrr");
        if (tasks < 1 || seeds < 1) {
            throw new IllegalArgumentException("an aggregate needs >= 1 task and seed, got " + tasks + " and " + seeds);
        }
    }

    /** How the rank reads in tables and legends. */
    public String rankLabel() {
        return rank == ALL_RANKS ? "all" : rank == 0 ? "none" : Integer.toString(rank);
    }
}
