package io.metastream.research.linear;

import java.util.Arrays;

/**
 * Dense linear algebra for small matrices: Jacobi eigen-decomposition, Jacobi singular values,
 * Cholesky solves and least squares. Jacobi methods are chosen because they are short, need no
 * tridiagonalisation, and are accurate to machine precision on the tiny matrices used here.
 */
public final class Linalg {
    private static final int MAX_SWEEPS = 100;
    private static final double EPS = 1e-15;

    private Linalg() {
    }

    /** Eigenvalues (descending) and eigenvectors of a symmetric matrix by cyclic Jacobi rotations. */
    public static SymmetricEigen symmetricEigen(Matrix symmetric) {
        symmetric.requireSquare("symmetricEigen");
        int n = symmetric.rows();
        double[][] a = symmetric.symmetricPart().toArray();
        double[][] v = Matrix.identity(n).toArray();
        double target = Math.pow(EPS * symmetric.frobeniusNorm(), 2);
        for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonalSquares(a) > target; sweep++) {
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] != 0.0) {
                        rotateSymmetric(a, v, p, q);
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
        }
        return sortedDescending(values, v);
    }

    /** Singular values in descending order, by one-sided (Hestenes) Jacobi orthogonalisation. */
    public static double[] singularValues(Matrix m) {
        Matrix tall = m.rows() >= m.cols() ? m : m.transpose();
        double[][] cols = tall.transpose().toArray(); // cols[j] is column j
        int n = cols.length;
        boolean rotated = true;
        for (int sweep = 0; sweep < MAX_SWEEPS && rotated; sweep++) {
            rotated = false;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotated |= orthogonalise(cols[p], cols[q]);
                }
            }
        }
        double[] s = new double[n];
        for (int j = 0; j < n; j++) {
            s[j] = Math.sqrt(dot(cols[j], cols[j]));
        }
        Arrays.sort(s);
        reverse(s);
        return s;
    }

    /** The number of singular values strictly above {@code tolerance}. */
    public static int numericalRank(Matrix m, double tolerance) {
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("rank tolerance must be >= 0, got " + tolerance);
        }
        int rank = 0;
        for (double s : singularValues(m)) {
            if (s > tolerance) {
                rank++;
            }
        }
        return rank;
    }

    /** The lower-triangular L with {@code L L^T = spd}. */
    public static Matrix cholesky(Matrix spd) {
        spd.requireSquare("cholesky");
        int n = spd.rows();
        double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double diag = spd.get(j, j);
            for (int k = 0; k < j; k++) {
                diag -= l[j][k] * l[j][k];
            }
            if (!(diag > 0)) {
                throw new IllegalArgumentException("matrix is not symmetric positive definite (pivot "
                        + j + " is " + diag + "); for least squares, use at least as many linearly "
                        + "independent samples as dimensions");
            }
            l[j][j] = Math.sqrt(diag);
            for (int i = j + 1; i < n; i++) {
                double s = spd.get(i, j);
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = s / l[j][j];
            }
        }
        return Matrix.of(l);
    }

    /** Solves {@code spd * X = rhs} by Cholesky, one forward and one backward pass per column. */
    public static Matrix solveSpd(Matrix spd, Matrix rhs) {
        if (rhs.rows() != spd.rows()) {
            throw new IllegalArgumentException("right-hand side has " + rhs.rows()
                    + " rows, the system has " + spd.rows());
        }
        double[][] l = cholesky(spd).toArray();
        int n = l.length;
        double[][] x = rhs.toArray();
        for (int c = 0; c < rhs.cols(); c++) {
            for (int i = 0; i < n; i++) {
                double s = x[i][c];
                for (int k = 0; k < i; k++) {
                    s -= l[i][k] * x[k][c];
                }
                x[i][c] = s / l[i][i];
            }
            for (int i = n - 1; i >= 0; i--) {
                double s = x[i][c];
                for (int k = i + 1; k < n; k++) {
                    s -= l[k][i] * x[k][c];
                }
                x[i][c] = s / l[i][i];
            }
        }
        return Matrix.of(x);
    }

    /** The W minimising {@code ||X W - Y||_F} by the normal equations {@code X^T X W = X^T Y}. */
    public static Matrix leastSquares(Matrix x, Matrix y) {
        if (x.rows() != y.rows()) {
            throw new IllegalArgumentException("X has " + x.rows() + " rows but Y has " + y.rows());
        }
        Matrix xt = x.transpose();
        return solveSpd(xt.times(x), xt.times(y));
    }

    private static void rotateSymmetric(double[][] a, double[][] v, int p, int q) {
        double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        double t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int n = a.length;
        for (int k = 0; k < n; k++) { // A <- A P
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) { // A <- P^T A
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        a[p][q] = 0.0; // exact by construction; removes rounding residue
        a[q][p] = 0.0;
        for (int k = 0; k < n; k++) { // V <- V P
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    /** Rotates two columns to be orthogonal; returns false when they already are (to precision). */
    private static boolean orthogonalise(double[] bp, double[] bq) {
        double alpha = dot(bp, bp);
        double beta = dot(bq, bq);
        double gamma = dot(bp, bq);
        if (gamma == 0.0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) {
            return false;
        }
        double zeta = (beta - alpha) / (2 * gamma);
        double t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        double c = 1 / Math.sqrt(1 + t * t);
        double s = c * t;
        for (int i = 0; i < bp.length; i++) {
            double p = bp[i];
            double q = bq[i];
            bp[i] = c * p - s * q;
            bq[i] = s * p + c * q;
        }
        return true;
    }

    private static double offDiagonalSquares(double[][] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = i + 1; j < a.length; j++) {
                s += a[i][j] * a[i][j];
            }
        }
        return s;
    }

    private static SymmetricEigen sortedDescending(double[] values, double[][] v) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(values[j], values[i]));
        double[] sorted = new double[n];
        double[][] vecs = new double[n][n];
        for (int c = 0; c < n; c++) {
            sorted[c] = values[order[c]];
            for (int r = 0; r < n; r++) {
                vecs[r][c] = v[r][order[c]];
            }
        }
        return new SymmetricEigen(sorted, Matrix.of(vecs));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void reverse(double[] s) {
        for (int i = 0, j = s.length - 1; i < j; i++, j--) {
            double t = s[i];
            s[i] = s[j];
            s[j] = t;
        }
    }
}
