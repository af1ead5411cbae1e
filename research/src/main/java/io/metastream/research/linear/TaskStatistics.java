package io.metastream.research.linear;

/**
 * Sufficient statistics of one linear regression task {@code y = M x + noise}: with them the mean
 * squared error {@code L(M) = (1/n) sum ||y - M x||^2} has gradient {@code 2 (M sxx - syx)}, so every
 * gradient step costs O(d^3) whatever the sample count.
 *
 * @param sxx     {@code (1/n) sum x x^T}, d x d
 * @param syx     {@code (1/n) sum y x^T}, d x d
 * @param samples n, the number of samples summarised
 */
public record TaskStatistics(Matrix sxx, Matrix syx, int samples) {
    public TaskStatistics {
        if (!sxx.isSquare() || sxx.rows() != syx.cols()) {
            throw new IllegalArgumentException("sxx must be d x d and syx must have d columns; got "
                    + sxx.shape() + " and " + syx.shape());
        }
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        }
    }

    /** Builds the statistics from n samples: rows of {@code x} (n x d) and of {@code y} (n x m). */
    public static TaskStatistics of(Matrix x, Matrix y) {
        if (x.rows() != y.rows()) {
            throw new IllegalArgumentException("x has " + x.rows() + " samples but y has " + y.rows());
        }
        double n = x.rows();
        Matrix xt = x.transpose();
        return new TaskStatistics(xt.times(x).scale(1 / n), y.transpose().times(x).scale(1 / n), x.rows());
    }

    public int dim() {
        return sxx.rows();
    }

    /**
     * The mean squared error at {@code m} minus its m-independent part {@code (1/n) sum ||y||^2}:
     * {@code tr(M sxx M^T) - 2 tr(syx M^T)}. Differences of it are exact loss differences.
     */
    public double lossUpToConstant(Matrix m) {
        return m.times(sxx).times(m.transpose()).trace() - 2 * syx.times(m.transpose()).trace();
    }

    /** The gradient {@code 2 (M sxx - syx)} of the task's mean squared error at {@code m}. */
    public Matrix gradient(Matrix m) {
        return m.times(sxx).minus(syx).scale(2.0);
    }
}
