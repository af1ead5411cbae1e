package io.metastream.research.stats;

import java.util.Objects;

/**
 * One evaluation score of one task (a persona) under one seed.
 *
 * @param task  the task (persona) id
 * @param seed  the seed of the run
 * @param score the score, finite
 */
public record TaskSeedScore(String task, long seed, double score) {
    public TaskSeedScore {
        Objects.requireNonNull(task, "task");
        if (task.isBlank()) {
            throw new IllegalArgumentException("task id must not be blank");
        }
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("score of task " + task + " seed " + seed + " must be finite, got " + score);
        }
    }
}
