package io.metastream.research.linear;

import java.util.ArrayList;
import java.util.List;

/**
 * The linear theory experiment of arXiv 2410.22264: generate T tasks {@code M*_t = A* + U*_t U*_t^T},
 * retrain with SR and with LoRA-ML, then fine-tune each base on a new task with a low-rank
 * adapter. Deterministic for a given config (all randomness flows from {@code config.seed()}).
 */
public final class LinearTheorySuite {
    private LinearTheorySuite() {
    }

    /** Runs the whole experiment; takes well under a second at the default size. */
    public static LinearTheoryResult run(LinearTheoryConfig config) {
        GaussianSampler root = new GaussianSampler(config.seed());
        GaussianSampler truthRng = root.split();
        GaussianSampler dataRng = root.split();
        GaussianSampler trainRng = root.split();
        int d = config.dim();
        int k = config.rank();

        Matrix aStar = symmetricGaussian(d, truthRng);
        List<TaskStatistics> tasks = new ArrayList<>();
        for (int t = 0; t < config.tasks(); t++) {
            Matrix uStar = Matrix.gaussian(d, k, 1.0, truthRng);
            tasks.add(LinearTaskSampler.sample(LinearLoraMetaLearning.adapted(aStar, uStar),
                    config.samples(), config.noise(), dataRng));
        }
        Matrix srBase = StandardRetraining.closedForm(tasks);
        LinearLoraMetaLearning.Fit ml = LinearLoraMetaLearning.fit(
                tasks, k, LinearLoraMetaLearning.Options.paper(), trainRng);

        Matrix newTask = LinearLoraMetaLearning.adapted(aStar, Matrix.gaussian(d, k, 1.0, truthRng));
        TaskStatistics ftData = LinearTaskSampler.sample(newTask, config.ftSamples(), config.noise(), dataRng);
        double ftLossMl = fineTuneLoss(ml.base(), ftData, newTask, config, trainRng);
        double ftLossSr = fineTuneLoss(srBase, ftData, newTask, config, trainRng);

        double tolerance = rankTolerance(config);
        Matrix mlError = ml.base().minus(aStar);
        return new LinearTheoryResult(config,
                Linalg.numericalRank(srBase.minus(aStar), tolerance),
                mlError.frobeniusNormSquared(),
                Linalg.numericalRank(mlError, tolerance),
                ftLossMl, ftLossSr);
    }

    /**
     * Singular values at or below this count as zero in the rank predictions. A least-squares
     * estimate from n samples of {@code y = M x + eps} errs by about {@code (sigma / sqrt(n)) G} with
     * G a standard Gaussian d x d matrix, whose largest singular value is about {@code 2 sqrt(d)};
     * so noise alone gives singular values near {@code 2 sigma sqrt(d / n)} (n per task: the
     * worst case, LoRA-ML's base leans on single tasks). The tolerance is 5x that bound, far below
     * the O(1) singular values of the structural errors {@code U*_t U*_t^T}; the 1e-6 floor keeps
     * rounding out of the count when sigma = 0.
     */
    public static double rankTolerance(LinearTheoryConfig config) {
        double noiseFloor = 2 * config.noise() * Math.sqrt((double) config.dim() / config.samples());
        return Math.max(5 * noiseFloor, 1e-6);
    }

    /** Fine-tunes a rank-r adapter on {@code base} and returns {@code ||base + U U^T - target||_F^2}. */
    private static double fineTuneLoss(Matrix base, TaskStatistics data, Matrix target,
                                       LinearTheoryConfig config, GaussianSampler rng) {
        LowRankFineTune.Fit fit = LowRankFineTune.fit(base, data, config.fineTuneRank(),
                LowRankFineTune.Options.defaults(), rng);
        return LinearLoraMetaLearning.adapted(base, fit.adapter()).minus(target).frobeniusNormSquared();
    }

    /** {@code (G + G^T) / sqrt(2)}: off-diagonal entries N(0, 1), diagonal N(0, 2). */
    static Matrix symmetricGaussian(int d, GaussianSampler rng) {
        Matrix g = Matrix.gaussian(d, d, 1.0, rng);
        return g.plus(g.transpose()).scale(1 / Math.sqrt(2));
    }
}
