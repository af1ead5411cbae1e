package io.metastream.research.linear;

/** Draws the data of a linear task: {@code x ~ N(0, I_d)}, {@code y = M x + eps}, {@code eps ~ N(0, noise^2 I)}. */
public final class LinearTaskSampler {
    private LinearTaskSampler() {
    }

    /**
     * Samples {@code n} pairs and returns their sufficient statistics (the raw samples are not kept).
     * Per sample, the d entries of x are drawn first, then the d entries of the noise, so a seed gives
     * the same data whatever the matrix code.
     */
    public static TaskStatistics sample(Matrix m, int n, double noise, GaussianSampler rng) {
        if (!m.isSquare()) {
            throw new IllegalArgumentException("the task matrix must be square, got " + m.shape());
        }
        if (n < 1) {
            throw new IllegalArgumentException("need at least 1 sample, got " + n);
        }
        int d = m.rows();
        double[][] x = new double[n][d];
        double[][] eps = new double[n][d];
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < d; j++) {
                x[s][j] = rng.nextGaussian();
            }
            for (int i = 0; i < d; i++) {
                eps[s][i] = noise * rng.nextGaussian();
            }
        }
        Matrix xs = Matrix.of(x);
        // rows of x are samples: Y = X M^T + E
        return TaskStatistics.of(xs, xs.times(m.transpose()).plus(Matrix.of(eps)));
    }
}
