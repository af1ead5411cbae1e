package io.metastream.research.report;

import java.util.Objects;

/**
 * One few-shot evaluation: a method at a LoRA rank, one seed, one task (persona).
 *
 * @param method retraining method name, e.g. "lora-ml", "sr"
 * @param rank   fine-tuning LoRA rank; 0 for methods without an adapter (last layer, no retraining)
 * @param seed   the run's seed
 * @param task   the evaluated task (persona) id
 * @param hits1  hits@1 in [0, 1]
 * @param mrr    mean reciprocal rank in [0, 1]
 */
public record ResultRow(String method, int rank, long seed, String task, double hits1, double mrr) {
    public ResultRow {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(task, "task");
        if (method.isBlank() || task.isBlank()) {
            throw new IllegalArgumentException("method and task must not be blank, got '" + method + "' and '" + task + "'");
        }
        if (rank < 0) {
            throw new IllegalArgumentException("rank must be >= 0 (0 = no adapter), got " + rank);
        }
        requireFraction(hits1, "hits1");
        requireFraction(mrr, "mrr");
    }

    private static void requireFraction(double value, String name) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be a fraction in [0, 1], got " + value);
        }
    }
}
