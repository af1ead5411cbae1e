package io.metastream.research.linear;

import java.util.ArrayList;
import java.util.List;

/**
 * The linear theory experiment's settings (BRIEF section 1). Every invalid option is reported in one
 * message that names the CLI option ({@code metastream linear --dim ...}).
 *
 * @param dim       d, the dimension (--dim)
 * @param tasks     T, the number of retraining tasks (--tasks)
 * @param rank      k, the rank of each task's deviation U*_t U*_t^T (--rank)
 * @param samples   n, samples per retraining task (--samples)
 * @param ftSamples n', samples of the new fine-tuning task (--ft-samples)
 * @param noise     sigma, the label noise standard deviation (--noise)
 * @param seed      the seed of every random draw (--seed)
 */
public record LinearTheoryConfig(int dim, int tasks, int rank, int samples, int ftSamples, double noise, long seed) {
    public static final int DEFAULT_DIM = 10;
    public static final int DEFAULT_TASKS = 3;
    public static final int DEFAULT_RANK = 1;
    public static final int DEFAULT_SAMPLES = 5000;
    public static final int DEFAULT_FT_SAMPLES = 100;
    public static final double DEFAULT_NOISE = 0.1;
    public static final long DEFAULT_SEED = 0L;

    public LinearTheoryConfig {
        List<String> errors = new ArrayList<>();
        if (dim < 2) {
            errors.add("--dim must be at least 2, got " + dim);
        }
        if (tasks < 1) {
            errors.add("--tasks must be at least 1, got " + tasks);
        }
        if (rank < 1) {
            errors.add("--rank must be at least 1, got " + rank);
        } else if (rank > dim) {
            errors.add("--rank must be at most --dim (" + dim + "), got " + rank);
        }
        if (samples < dim) {
            errors.add("--samples must be at least --dim (" + dim + ") so least squares is determined, got " + samples);
        }
        if (ftSamples < 1) {
            errors.add("--ft-samples must be at least 1, got " + ftSamples);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            errors.add("--noise must be a finite number >= 0, got " + noise);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid linear theory configuration: " + String.join("; ", errors));
        }
    }

    /** d = 10, T = 3, k = 1, n = 5000, n' = 100, sigma = 0.1, seed 0. */
    public static LinearTheoryConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Rank of the fine-tuning adapter: k, or 3k when T = 2 (the paper's setting). */
    public int fineTuneRank() {
        return tasks == 2 ? 3 * rank : rank;
    }

    /** Builder whose every option defaults to the paper's value. */
    public static final class Builder {
        private int dim = DEFAULT_DIM;
        private int tasks = DEFAULT_TASKS;
        private int rank = DEFAULT_RANK;
        private int samples = DEFAULT_SAMPLES;
        private int ftSamples = DEFAULT_FT_SAMPLES;
        private double noise = DEFAULT_NOISE;
        private long seed = DEFAULT_SEED;

        private Builder() {
        }

        public Builder optDim(int value) {
            dim = value;
            return this;
        }

        public Builder optTasks(int value) {
            tasks = value;
            return this;
        }

        public Builder optRank(int value) {
            rank = value;
            return this;
        }

        public Builder optSamples(int value) {
            samples = value;
            return this;
        }

        public Builder optFtSamples(int value) {
            ftSamples = value;
            return this;
        }

        public Builder optNoise(double value) {
            noise = value;
            return this;
        }

        public Builder optSeed(long value) {
            seed = value;
            return this;
        }

        public LinearTheoryConfig build() {
            return new LinearTheoryConfig(dim, tasks, rank, samples, ftSamples, noise, seed);
        }
    }
}
