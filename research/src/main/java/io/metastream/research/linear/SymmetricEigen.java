package io.metastream.research.linear;

import org.ejml.dense.row.CommonOps_DDRM;

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
        return vectors.times(Matrix.wrap(CommonOps_DDRM.diag(values))).times(vectors.transpose());
    }
}
