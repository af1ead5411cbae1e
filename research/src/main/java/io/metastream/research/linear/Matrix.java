package io.metastream.research.linear;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.MatrixFeatures_DDRM;

/**
 * A small immutable dense matrix of doubles, the value type of the linear theory suite. The
 * arithmetic is EJML's ({@link CommonOps_DDRM} on a row-major {@link DMatrixRMaj}); this class adds
 * immutability (every operation returns a fresh matrix, the EJML matrix never leaves the package
 * without a copy), value equality, and shape errors that name both shapes.
 */
public final class Matrix {
    private final DMatrixRMaj m;

    private Matrix(DMatrixRMaj m) {
        this.m = m;
    }

    /** Takes ownership of an EJML result: the caller must not keep or change {@code owned}. */
    static Matrix wrap(DMatrixRMaj owned) {
        return new Matrix(owned);
    }

    /** A copy of the EJML matrix, for decompositions that may overwrite their input. */
    DMatrixRMaj toEjml() {
        return m.copy();
    }

    /** An all-zero matrix of the given shape. */
    public static Matrix zeros(int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("matrix shape must be positive, got " + rows + "x" + cols);
        }
        return new Matrix(new DMatrixRMaj(rows, cols));
    }

    /** The n x n identity. */
    public static Matrix identity(int n) {
        return new Matrix(CommonOps_DDRM.identity(n));
    }

    /** Copies a rectangular array of rows. */
    public static Matrix of(double[][] values) {
        if (values.length == 0 || values[0].length == 0) {
            throw new IllegalArgumentException("matrix needs at least one row and one column");
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != values[0].length) {
                throw new IllegalArgumentException("row " + i + " has " + values[i].length
                        + " columns, expected " + values[0].length + " like row 0");
            }
        }
        return new Matrix(new DMatrixRMaj(values));
    }

    /** A matrix of independent N(0, std^2) entries drawn from {@code rng}, row by row. */
    public static Matrix gaussian(int rows, int cols, double std, GaussianSampler rng) {
        DMatrixRMaj g = zeros(rows, cols).m;
        for (int i = 0; i < g.getNumElements(); i++) {
            g.set(i, std * rng.nextGaussian());
        }
        return new Matrix(g);
    }

    /** A column vector (n x 1). */
    public static Matrix column(double... values) {
        return new Matrix(new DMatrixRMaj(values));
    }

    public int rows() {
        return m.getNumRows();
    }

    public int cols() {
        return m.getNumCols();
    }

    public double get(int i, int j) {
        return m.get(i, j);
    }

    public boolean isSquare() {
        return rows() == cols();
    }

    public Matrix transpose() {
        return new Matrix(CommonOps_DDRM.transpose(m, null));
    }

    public Matrix plus(Matrix other) {
        requireSameShape(other, "plus");
        return new Matrix(CommonOps_DDRM.add(m, other.m, null));
    }

    public Matrix minus(Matrix other) {
        requireSameShape(other, "minus");
        return new Matrix(CommonOps_DDRM.subtract(m, other.m, null));
    }

    public Matrix scale(double factor) {
        DMatrixRMaj out = new DMatrixRMaj(rows(), cols());
        CommonOps_DDRM.scale(factor, m, out);
        return new Matrix(out);
    }

    /** {@code this + factor * other}, the gradient-step primitive. */
    public Matrix plusScaled(Matrix other, double factor) {
        requireSameShape(other, "plusScaled");
        return new Matrix(CommonOps_DDRM.add(m, factor, other.m, null));
    }

    /** The matrix product {@code this * other}. */
    public Matrix times(Matrix other) {
        if (cols() != other.rows()) {
            throw new IllegalArgumentException("cannot multiply " + shape() + " by " + other.shape());
        }
        return new Matrix(CommonOps_DDRM.mult(m, other.m, null));
    }

    /** {@code (this + this^T) / 2}. */
    public Matrix symmetricPart() {
        requireSquare("symmetricPart");
        return plus(transpose()).scale(0.5);
    }

    public double frobeniusNormSquared() {
        return CommonOps_DDRM.elementSum(CommonOps_DDRM.elementMult(m, m, null));
    }

    public double frobeniusNorm() {
        return Math.sqrt(frobeniusNormSquared());
    }

    /** The sum of the diagonal; needs a square matrix. */
    public double trace() {
        requireSquare("trace");
        return CommonOps_DDRM.trace(m);
    }

    public double maxAbs() {
        return CommonOps_DDRM.elementMaxAbs(m);
    }

    public boolean isFinite() {
        return !MatrixFeatures_DDRM.hasUncountable(m);
    }

    /** A defensive copy as an array of rows. */
    public double[][] toArray() {
        double[][] out = new double[rows()][cols()];
        for (int i = 0; i < rows(); i++) {
            System.arraycopy(m.data, i * cols(), out[i], 0, cols());
        }
        return out;
    }

    /** "rows x cols", for error messages. */
    public String shape() {
        return rows() + "x" + cols();
    }

    void requireSquare(String op) {
        if (!isSquare()) {
            throw new IllegalArgumentException(op + " needs a square matrix, got " + shape());
        }
    }

    private void requireSameShape(Matrix other, String op) {
        if (rows() != other.rows() || cols() != other.cols()) {
            throw new IllegalArgumentException(op + ": shapes differ, " + shape() + " vs " + other.shape());
        }
    }

    private double[] values() {
        return Arrays.copyOf(m.data, m.getNumElements());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix other && rows() == other.rows() && cols() == other.cols()
                && Arrays.equals(values(), other.values());
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows() + cols()) + Arrays.hashCode(values());
    }

    @Override
    public String toString() {
        return "Matrix" + shape() + Arrays.deepToString(toArray());
    }
}
