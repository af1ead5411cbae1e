package io.metastream.learning.linear;

import io.metastream.learning.schedule.LrSchedule;

/**
 * Fine-tuning on a new task in the linear model: the base A stays fixed and a symmetric rank-r
 * adapter {@code U U^T} (as in the paper) is fitted to the task's data by gradient descent from a
 * small random initialisation (a zero U would be a saddle point with zero gradient).
 */
public final class LowRankFineTune {
    private LowRankFineTune() {
    }

    /**
     * @param lr                learning rate by step
     * @param initStd           standard deviation of U's initialisation
     * @param maxSteps          hard cap on steps
     * @param gradientTolerance stop once the gradient norm is below this
     */
    public record Options(LrSchedule lr, double initStd, int maxSteps, double gradientTolerance) {
        public Options {
            if (!(initStd > 0) || maxSteps < 1 || !(gradientTolerance >= 0)) {
                throw new IllegalArgumentException("need initStd > 0, maxSteps >= 1, gradientTolerance >= 0; got "
                        + initStd + ", " + maxSteps + ", " + gradientTolerance);
            }
        }

        /** lr 0.003 (the paper's adapter rate), init N(0, 0.1^2), convergence-based stop. */
        public static Options defaults() {
            return new Options(LrSchedule.constant(0.003), 0.1, 100_000, 1e-9);
        }
    }

    /** @param adapter the learnt U (d x r); {@code steps} run; whether the tolerance was reached. */
    public record Fit(Matrix adapter, int steps, double gradientNorm, boolean converged) {
    }

    /** Fits {@code U} (d x rank) minimising the task's mean squared error of {@code base + U U^T}. */
    public static Fit fit(Matrix base, TaskStatistics task, int rank, Options options, GaussianSampler rng) {
        Matrix u = Matrix.gaussian(base.rows(), rank, options.initStd(), rng);
        double norm = Double.NaN;
        for (int step = 0; step < options.maxSteps(); step++) {
            Matrix grad = LinearLoraMetaLearning.adapterGradient(task, base, u);
            norm = grad.frobeniusNorm();
            if (!Double.isFinite(norm)) {
                throw new IllegalStateException("fine-tuning diverged at step " + step + "; lower the learning rate");
            }
            if (norm < options.gradientTolerance()) {
                return new Fit(u, step, norm, true);
            }
            u = u.plusScaled(grad, -options.lr().rate(step));
        }
        return new Fit(u, options.maxSteps(), norm, false);
    }
}
