package io.metastream.research.linear;

import java.util.Arrays;

/**
 * A small immutable dense matrix of doubles (row-major). Sized for the linear theory suite
 * (d around 10), where clarity beats blocking and every operation returns a fresh matrix.
 */
public final class Matrix {
    private final int rows;
    private final int cols;
    private final double[] data;

    private Matrix(int rows, int cols, double[] data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** An all-zero matrix of the given shape. */
    public static Matrix zeros(int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("matrix shape must be positive, got " + rows + "x" + cols);
        }
        return new Matrix(rows, cols, new double[rows * cols]);
    }

    /** The n x n identity. */
    public static Matrix identity(int n) {
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) {
            d[i * n + i] = 1.0;
        }
        return new Matrix(n, n, d);
    }

    /** Copies a rectangular array of rows. */
    public static Matrix of(double[][] values) {
        if (values.length == 0 || values[0].length == 0) {
            throw new IllegalArgumentException("matrix needs at least one row and one column");
        }
        int r = values.length;
        int c = values[0].length;
        double[] d = new double[r * c];
        for (int i = 0; i < r; i++) {
            if (values[i].length != c) {
                throw new IllegalArgumentException("row " + i + " has " + values[i].length
                        + " columns, expected " + c + " like row 0");
            }
            System.arraycopy(values[i], 0, d, i * c, c);
        }
        return new Matrix(r, c, d);
    }

    /** A matrix of independent N(0, std^2) entries drawn from {@code rng}. */
    public static Matrix gaussian(int rows, int cols, double std, GaussianSampler rng) {
        Matrix m = zeros(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = std * rng.nextGaussian();
        }
        return m;
    }

    /** A column vector (n x 1). */
    public static Matrix column(double... values) {
        return new Matrix(values.length, 1, values.clone());
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public double get(int i, int j) {
        return data[i * cols + j];
    }

    public boolean isSquare() {
        return rows == cols;
    }

    public Matrix transpose() {
        double[] d = new double[data.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                d[j * rows + i] = data[i * cols + j];
            }
        }
        return new Matrix(cols, rows, d);
    }

    public Matrix plus(Matrix other) {
        requireSameShape(other, "plus");
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i] + other.data[i];
        }
        return new Matrix(rows, cols, d);
    }

    public Matrix minus(Matrix other) {
        requireSameShape(other, "minus");
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i] - other.data[i];
        }
        return new Matrix(rows, cols, d);
    }

    public Matrix scale(double factor) {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = factor * data[i];
        }
        return new Matrix(rows, cols, d);
    }

    /** {@code this + factor * other}, the gradient-step primitive, without a temporary. */
    public Matrix plusScaled(Matrix other, double factor) {
        requireSameShape(other, "plusScaled");
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i] + factor * other.data[i];
        }
        return new Matrix(rows, cols, d);
    }

    /** The matrix product {@code this * other}. */
    public Matrix times(Matrix other) {
        if (cols != other.rows) {
            throw new IllegalArgumentException("cannot multiply " + shape() + " by " + other.shape());
        }
        double[] d = new double[rows * other.cols];
        for (int i = 0; i < rows; i++) {
            for (int p = 0; p < cols; p++) {
                double a = data[i * cols + p];
                if (a == 0.0) {
                    continue;
                }
                int o = p * other.cols;
                int r = i * other.cols;
                for (int j = 0; j < other.cols; j++) {
                    d[r + j] += a * other.data[o + j];
                }
            }
        }
        return new Matrix(rows, other.cols, d);
    }

    /** {@code (this + this^T) / 2}. */
    public Matrix symmetricPart() {
        requireSquare("symmetricPart");
        return plus(transpose()).scale(0.5);
    }

    public double frobeniusNormSquared() {
        double s = 0;
        for (double v : data) {
            s += v * v;
        }
        return s;
    }

    public double frobeniusNorm() {
        return Math.sqrt(frobeniusNormSquared());
    }

    public double maxAbs() {
        double m = 0;
        for (double v : data) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    public boolean isFinite() {
        for (double v : data) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** A defensive copy as an array of rows. */
    public double[][] toArray() {
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(data, i * cols, out[i], 0, cols);
        }
        return out;
    }

    /** "rows x cols", for error messages. */
    public String shape() {
        return rows + "x" + cols;
    }

    void requireSquare(String op) {
        if (!isSquare()) {
            throw new IllegalArgumentException(op + " needs a square matrix, got " + shape());
        }
    }

    private void requireSameShape(Matrix other, String op) {
        if (rows != other.rows || cols != other.cols) {
            throw new IllegalArgumentException(op + ": shapes differ, " + shape() + " vs " + other.shape());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && rows == m.rows && cols == m.cols && Arrays.equals(data, m.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Matrix" + shape() + Arrays.deepToString(toArray());
    }
}
