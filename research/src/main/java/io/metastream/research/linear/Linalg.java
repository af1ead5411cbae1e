package io.metastream.research.linear;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The decompositions and solves of the linear theory suite, by EJML: symmetric eigen-decomposition
 * (symmetric QR), singular values (SVD), Cholesky factor and SPD solves, least squares (Householder
 * QR). This class fixes the conventions the suite relies on (descending order, orthonormal
 * eigenvectors, a lower-triangular factor) and turns EJML's boolean failures into messages that say
 * what to do.
 */
public final class Linalg {
    private Linalg() {
    }

    /** Eigenvalues (descending) and orthonormal eigenvectors of a symmetric matrix. */
    public static SymmetricEigen symmetricEigen(Matrix symmetric) {
        symmetric.requireSquare("symmetricEigen");
        int n = symmetric.rows();
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(symmetric.symmetricPart().toEjml())) {
            throw new IllegalStateException("symmetric eigen-decomposition did not converge for a "
                    + symmetric.shape() + " matrix; check it for NaN or infinite entries");
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> eig.getEigenvalue(i).getReal()).reversed());
        double[] values = new double[n];
        DMatrixRMaj vectors = new DMatrixRMaj(n, n);
        for (int c = 0; c < n; c++) {
            values[c] = eig.getEigenvalue(order[c]).getReal();
            CommonOps_DDRM.insert(eig.getEigenVector(order[c]), vectors, 0, c);
        }
        return new SymmetricEigen(values, Matrix.wrap(vectors));
    }

    /** The min(rows, cols) singular values in descending order. */
    public static double[] singularValues(Matrix m) {
        double[] s = SingularOps_DDRM.singularValues(m.toEjml());
        Arrays.sort(s);
        for (int i = 0, j = s.length - 1; i < j; i++, j--) {
            double t = s[i];
            s[i] = s[j];
            s[j] = t;
        }
        return s;
    }

    /** The number of singular values strictly above {@code tolerance}. */
    public static int numericalRank(Matrix m, double tolerance) {
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("rank tolerance must be >= 0, got " + tolerance);
        }
        return (int) Arrays.stream(singularValues(m)).filter(s -> s > tolerance).count();
    }

    /** The lower-triangular L with {@code L L^T = spd}. */
    public static Matrix cholesky(Matrix spd) {
        spd.requireSquare("cholesky");
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(spd.rows(), true);
        if (!chol.decompose(spd.toEjml())) {
            throw notPositiveDefinite(spd);
        }
        return Matrix.wrap(chol.getT(null));
    }

    /** Solves {@code spd * X = rhs} by a Cholesky factorisation. */
    public static Matrix solveSpd(Matrix spd, Matrix rhs) {
        spd.requireSquare("solveSpd");
        if (rhs.rows() != spd.rows()) {
            throw new IllegalArgumentException("right-hand side has " + rhs.rows()
                    + " rows, the system has " + spd.rows());
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(spd.rows());
        if (!solver.setA(spd.toEjml())) {
            throw notPositiveDefinite(spd);
        }
        DMatrixRMaj x = new DMatrixRMaj(rhs.rows(), rhs.cols());
        solver.solve(rhs.toEjml(), x);
        return Matrix.wrap(x);
    }

    /** The W minimising {@code ||X W - Y||_F}, by a Householder QR of X. */
    public static Matrix leastSquares(Matrix x, Matrix y) {
        if (x.rows() != y.rows()) {
            throw new IllegalArgumentException("X has " + x.rows() + " rows but Y has " + y.rows());
        }
        if (x.rows() < x.cols()) {
            throw new IllegalArgumentException("least squares needs at least as many samples as dimensions, got "
                    + x.shape());
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.leastSquares(x.rows(), x.cols());
        if (!solver.setA(x.toEjml())) {
            throw new IllegalArgumentException("least squares: X (" + x.shape() + ") cannot be factorised; "
                    + "use at least as many linearly independent samples as dimensions");
        }
        DMatrixRMaj w = new DMatrixRMaj(x.cols(), y.cols());
        solver.solve(y.toEjml(), w);
        return Matrix.wrap(w);
    }

    private static IllegalArgumentException notPositiveDefinite(Matrix spd) {
        return new IllegalArgumentException("matrix (" + spd.shape() + ") is not symmetric positive definite; "
                + "for least squares, use at least as many linearly independent samples as dimensions");
    }
}
