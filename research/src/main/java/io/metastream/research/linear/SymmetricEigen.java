package io.metastream.research.linear;

/**
 * The eigen-decomposition {@code A = V diag(values) V^T} of a symmetric matrix.
 *
 * @param values  eigenvalues in descending order
 * @param vectors orthonormal eigenvectors as columns, in the order of {@code values}
 */
public record SymmetricEigen(double[] values, Matrix vectors) {
    public SymmetricEigen {
        values = values.clone();
        if (vectors.rows() != values.length || vectors.cols() != values.length) {
            throw new IllegalArgumentException("need " + values.length + " eigenvectors of length "
                    + values.length + ", got " + vectors.shape());
        }
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** {@code V diag(values) V^T}; equals the decomposed matrix up to rounding. */
    public Matrix reconstruct() {
        int n = values.length;
        double[][] scaled = vectors.toArray();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                scaled[i][j] *= values[j];
            }
        }
        return Matrix.of(scaled).times(vectors.transpose());
    }
}
