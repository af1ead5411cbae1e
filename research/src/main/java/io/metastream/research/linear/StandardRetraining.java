package io.metastream.research.linear;

import java.util.List;

/**
 * Standard retraining (SR) in the linear model: one matrix fitted by least squares to the pooled
 * data of all tasks, i.e. the minimiser of {@code sum_t n_t L_t(A)}.
 */
public final class StandardRetraining {
    private StandardRetraining() {
    }

    /** The closed form {@code A = S_yx S_xx^{-1}} of the pooled statistics, by a Cholesky solve. */
    public static Matrix closedForm(List<TaskStatistics> tasks) {
        TaskStatistics pooled = pool(tasks);
        // A sxx = syx  <=>  sxx A^T = syx^T, as sxx is symmetric
        return Linalg.solveSpd(pooled.sxx(), pooled.syx().transpose()).transpose();
    }

    /**
     * Full-batch gradient descent on the pooled mean squared error from {@code A = 0}; stops when the
     * gradient's Frobenius norm drops below {@code tolerance} or after {@code maxSteps} steps.
     */
    public static Matrix gradientDescent(List<TaskStatistics> tasks, double lr, int maxSteps, double tolerance) {
        TaskStatistics pooled = pool(tasks);
        Matrix a = Matrix.zeros(pooled.dim(), pooled.dim());
        for (int step = 0; step < maxSteps; step++) {
            Matrix grad = pooled.gradient(a);
            if (grad.frobeniusNorm() < tolerance) {
                break;
            }
            a = a.plusScaled(grad, -lr);
        }
        return a;
    }

    /** Sample-weighted average of the tasks' statistics: the statistics of the pooled data set. */
    static TaskStatistics pool(List<TaskStatistics> tasks) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("standard retraining needs at least one task");
        }
        int d = tasks.get(0).dim();
        Matrix sxx = Matrix.zeros(d, d);
        Matrix syx = Matrix.zeros(d, d);
        int total = 0;
        for (TaskStatistics t : tasks) {
            sxx = sxx.plusScaled(t.sxx(), t.samples());
            syx = syx.plusScaled(t.syx(), t.samples());
            total += t.samples();
        }
        return new TaskStatistics(sxx.scale(1.0 / total), syx.scale(1.0 / total), total);
    }
}
