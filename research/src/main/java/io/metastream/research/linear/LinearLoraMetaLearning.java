package io.metastream.research.linear;

import io.metastream.model.train.LrSchedule;
import io.metastream.learning.schedule.RoundRobinSchedule;
import java.util.ArrayList;
import java.util.List;

/**
 * LoRA meta-learning (LoRA-ML) in the linear model: minimise {@code sum_t L_t(A + U_t U_t^T)} over
 * a shared A and per-task symmetric rank-k adapters, by alternating gradient descent: each cycle
 * takes {@code uStepsPerCycle} simultaneous steps on all U_t, then one step on A.
 */
public final class LinearLoraMetaLearning {
    private LinearLoraMetaLearning() {
    }

    /**
     * @param uStepsPerCycle    U-steps before each A-step (the paper: 10)
     * @param uLr               learning rate of the U-steps, by U-step index (the paper: 0.003)
     * @param aLr               learning rate of the A-steps, by A-step index (the paper: 0.03)
     * @param initStd           standard deviation of the U_t initialisation (the paper: 0.1; A starts at 0)
     * @param maxCycles         hard cap on cycles
     * @param gradientTolerance stop once the full gradient's norm (A and every U_t) is below this
     */
    public record Options(int uStepsPerCycle, LrSchedule uLr, LrSchedule aLr, double initStd,
                          int maxCycles, double gradientTolerance) {
        public Options {
            if (uStepsPerCycle < 1 || maxCycles < 1) {
                throw new IllegalArgumentException("uStepsPerCycle and maxCycles must be >= 1, got "
                        + uStepsPerCycle + " and " + maxCycles);
            }
            if (!(initStd > 0) || !(gradientTolerance >= 0)) {
                throw new IllegalArgumentException("initStd must be > 0 and gradientTolerance >= 0, got "
                        + initStd + " and " + gradientTolerance);
            }
        }

        /** The paper's schedule (10:1, lr 0.003 / 0.03, init 0.1) with a convergence-based stop. */
        public static Options paper() {
            return new Options(10, LrSchedule.constant(0.003), LrSchedule.constant(0.03), 0.1, 50_000, 1e-9);
        }
    }

    /**
     * @param base         the learnt shared matrix A
     * @param adapters     the learnt U_t (d x k), one per task
     * @param cycles       cycles run
     * @param gradientNorm the full gradient's norm at the end
     * @param converged    whether the gradient tolerance was reached before the cycle cap
     */
    public record Fit(Matrix base, List<Matrix> adapters, int cycles, double gradientNorm, boolean converged) {
        public Fit {
            adapters = List.copyOf(adapters);
        }
    }

    /** Runs LoRA-ML with rank-{@code rank} adapters, drawing the adapter initialisation from {@code rng}. */
    public static Fit fit(List<TaskStatistics> tasks, int rank, Options options, GaussianSampler rng) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("LoRA-ML needs at least one task");
        }
        int d = tasks.get(0).dim();
        Matrix a = Matrix.zeros(d, d);
        List<Matrix> us = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            us.add(Matrix.gaussian(d, rank, options.initStd(), rng));
        }
        long uStep = 0;
        double norm = Double.NaN;
        for (int cycle = 0; cycle < options.maxCycles(); cycle++) {
            for (int s = 0; s < options.uStepsPerCycle(); s++, uStep++) {
                double lr = options.uLr().rate(uStep);
                for (int t = 0; t < tasks.size(); t++) {
                    us.set(t, us.get(t).plusScaled(adapterGradient(tasks.get(t), a, us.get(t)), -lr));
                }
            }
            a = a.plusScaled(baseGradient(tasks, a, us), -options.aLr().rate(cycle));
            norm = gradientNorm(tasks, a, us);
            if (!Double.isFinite(norm)) {
                throw new IllegalStateException("LoRA-ML diverged at cycle " + cycle
                        + "; lower the learning rates");
            }
            if (norm < options.gradientTolerance()) {
                return new Fit(a, us, cycle + 1, norm, true);
            }
        }
        return new Fit(a, us, options.maxCycles(), norm, false);
    }

    /**
     * The neural trainers' form of LoRA-ML in the linear model: each step takes one task, chosen by
     * a shuffled {@link RoundRobinSchedule}, and updates A and that task's U jointly (first order),
     * with rates {@code options.aLr()} / {@code options.uLr()} indexed by step. {@code maxCycles}
     * counts epochs (one step per task); the full gradient is checked after each epoch.
     * {@code uStepsPerCycle} is not used. It anchors the trainers' schedule: on consistent
     * (noise-free) tasks it must reach the same A* as the alternating form.
     */
    public static Fit fitRoundRobin(List<TaskStatistics> tasks, int rank, Options options, long scheduleSeed,
                                    GaussianSampler rng) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("LoRA-ML needs at least one task");
        }
        int d = tasks.get(0).dim();
        RoundRobinSchedule schedule = RoundRobinSchedule.shuffled(tasks.size(), scheduleSeed);
        Matrix a = Matrix.zeros(d, d);
        List<Matrix> us = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            us.add(Matrix.gaussian(d, rank, options.initStd(), rng));
        }
        double norm = Double.NaN;
        long step = 0;
        for (int epoch = 0; epoch < options.maxCycles(); epoch++) {
            for (int i = 0; i < tasks.size(); i++, step++) {
                int t = schedule.taskAt(step);
                Matrix g = tasks.get(t).gradient(adapted(a, us.get(t)));
                Matrix gradU = g.plus(g.transpose()).times(us.get(t));
                a = a.plusScaled(g, -options.aLr().rate(step));
                us.set(t, us.get(t).plusScaled(gradU, -options.uLr().rate(step)));
            }
            norm = gradientNorm(tasks, a, us);
            if (!Double.isFinite(norm)) {
                throw new IllegalStateException("round-robin LoRA-ML diverged at epoch " + epoch
                        + "; lower the learning rates");
            }
            if (norm < options.gradientTolerance()) {
                return new Fit(a, us, epoch + 1, norm, true);
            }
        }
        return new Fit(a, us, options.maxCycles(), norm, false);
    }

    /** The adapted matrix {@code A + U U^T}. */
    public static Matrix adapted(Matrix a, Matrix u) {
        return a.plus(u.times(u.transpose()));
    }

    /** dL/dU for {@code L(A + U U^T)}: {@code (G + G^T) U} with G the gradient at the adapted matrix. */
    static Matrix adapterGradient(TaskStatistics task, Matrix a, Matrix u) {
        Matrix g = task.gradient(adapted(a, u));
        return g.plus(g.transpose()).times(u);
    }

    private static Matrix baseGradient(List<TaskStatistics> tasks, Matrix a, List<Matrix> us) {
        Matrix sum = Matrix.zeros(a.rows(), a.cols());
        for (int t = 0; t < tasks.size(); t++) {
            sum = sum.plus(tasks.get(t).gradient(adapted(a, us.get(t))));
        }
        return sum;
    }

    private static double gradientNorm(List<TaskStatistics> tasks, Matrix a, List<Matrix> us) {
        double sq = baseGradient(tasks, a, us).frobeniusNormSquared();
        for (int t = 0; t < tasks.size(); t++) {
            sq += adapterGradient(tasks.get(t), a, us.get(t)).frobeniusNormSquared();
        }
        return Math.sqrt(sq);
    }
}
