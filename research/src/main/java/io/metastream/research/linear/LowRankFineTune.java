package io.metastream.research.linear;

import io.metastream.model.train.LrSchedule;

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
     * @param plateauWindow     every this many steps, compare the training loss with the last check
     * @param plateauTolerance  stop when that loss changed by at most this, relative to {@code max(1, |loss|)}
     */
    public record Options(LrSchedule lr, double initStd, int maxSteps, double gradientTolerance,
                          int plateauWindow, double plateauTolerance) {
        public Options {
            if (!(initStd > 0) || maxSteps < 1 || !(gradientTolerance >= 0)
                    || plateauWindow < 1 || !(plateauTolerance >= 0)) {
                throw new IllegalArgumentException("need initStd > 0, maxSteps >= 1, gradientTolerance >= 0, "
                        + "plateauWindow >= 1, plateauTolerance >= 0; got " + initStd + ", " + maxSteps + ", "
                        + gradientTolerance + ", " + plateauWindow + ", " + plateauTolerance);
            }
        }

        /**
         * lr 0.003 (the paper's adapter rate), init N(0, 0.1^2); stops at gradient norm 1e-9, or when
         * the training loss moved by less than 1e-10 (relative) over 1000 steps: an adapter with more
         * columns than the residual has positive directions (T = 2, rank 3k) lets the spare columns
         * shrink only sublinearly, so its gradient never reaches the tolerance while its loss is
         * already settled.
         */
        public static Options defaults() {
            return new Options(LrSchedule.constant(0.003), 0.1, 100_000, 1e-9, 1000, 1e-10);
        }
    }

    /** @param adapter the learnt U (d x r); {@code steps} run; whether a stopping rule (not the cap) ended it. */
    public record Fit(Matrix adapter, int steps, double gradientNorm, boolean converged) {
    }

    /** Fits {@code U} (d x rank) minimising the task's mean squared error of {@code base + U U^T}. */
    public static Fit fit(Matrix base, TaskStatistics task, int rank, Options options, GaussianSampler rng) {
        Matrix u = Matrix.gaussian(base.rows(), rank, options.initStd(), rng);
        double norm = Double.NaN;
        double lastLoss = Double.NaN;
        for (int step = 0; step < options.maxSteps(); step++) {
            if (step % options.plateauWindow() == 0) {
                double loss = task.lossUpToConstant(LinearLoraMetaLearning.adapted(base, u));
                if (Math.abs(lastLoss - loss) <= options.plateauTolerance() * Math.max(1, Math.abs(loss))) {
                    return new Fit(u, step, norm, true);
                }
                lastLoss = loss;
            }
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
