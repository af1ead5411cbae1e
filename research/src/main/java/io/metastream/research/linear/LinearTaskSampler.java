package io.metastream.research.linear;

/** Draws the data of a linear task: {@code x ~ N(0, I_d)}, {@code y = M x + eps}, {@code eps ~ N(0, noise^2 I)}. */
public final class LinearTaskSampler {
    private LinearTaskSampler() {
    }

    /** Samples {@code n} pairs and returns their sufficient statistics (the raw samples are not kept). */
    public static TaskStatistics sample(Matrix m, int n, double noise, GaussianSampler rng) {
        if (!m.isSquare()) {
            throw new IllegalArgumentException("the task matrix must be square, got " + m.shape());
        }
        if (n < 1) {
            throw new IllegalArgumentException("need at least 1 sample, got " + n);
        }
        int d = m.rows();
        double[][] sxx = new double[d][d];
        double[][] syx = new double[d][d];
        double[] x = new double[d];
        double[] y = new double[d];
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < d; j++) {
                x[j] = rng.nextGaussian();
            }
            for (int i = 0; i < d; i++) {
                double v = 0;
                for (int j = 0; j < d; j++) {
                    v += m.get(i, j) * x[j];
                }
                y[i] = v + noise * rng.nextGaussian();
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    sxx[i][j] += x[i] * x[j];
                    syx[i][j] += y[i] * x[j];
                }
            }
        }
        return new TaskStatistics(Matrix.of(sxx).scale(1.0 / n), Matrix.of(syx).scale(1.0 / n), n);
    }
}
