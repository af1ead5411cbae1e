package io.metastream.research.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinalgTest {

    @Test
    void eigenOfTwoByTwoIsKnown() {
        SymmetricEigen eigen = Linalg.symmetricEigen(Matrix.of(new double[][] {{2, 1}, {1, 2}}));

        assertThat(eigen.values()).containsExactly(new double[] {3, 1}, within(1e-14));
        double inv = 1 / Math.sqrt(2);
        assertThat(Math.abs(eigen.vectors().get(0, 0))).isCloseTo(inv, within(1e-14));
        assertThat(eigen.vectors().get(0, 0) * eigen.vectors().get(1, 0)).isCloseTo(0.5, within(1e-14));
    }

    @Test
    void eigenDecompositionReconstructsRandomSymmetricMatrix() {
        Matrix a = LinearTheorySuite.symmetricGaussian(12, new GaussianSampler(7));

        SymmetricEigen eigen = Linalg.symmetricEigen(a);

        assertThat(eigen.reconstruct().minus(a).maxAbs()).isLessThan(1e-12);
        Matrix v = eigen.vectors();
        assertThat(v.transpose().times(v).minus(Matrix.identity(12)).maxAbs()).isLessThan(1e-12);
        double[] values = eigen.values();
        for (int i = 1; i < values.length; i++) {
            assertThat(values[i]).isLessThanOrEqualTo(values[i - 1]);
        }
    }

    @Test
    void singularValuesOfKnownMatricesAreExact() {
        assertThat(Linalg.singularValues(Matrix.of(new double[][] {{0, -2}, {3, 0}})))
                .containsExactly(new double[] {3, 2}, within(1e-14));
        // a 3 x 2 matrix and its transpose share singular values
        Matrix wide = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertThat(Linalg.singularValues(wide))
                .containsExactly(Linalg.singularValues(wide.transpose()), within(1e-13));
    }

    @Test
    void numericalRankCountsOnlySingularValuesAboveTolerance() {
        Matrix u = Matrix.column(1, 2, 3, 4);
        Matrix w = Matrix.column(0, 1, 0, -1);
        Matrix rankTwo = u.times(u.transpose()).plus(w.times(w.transpose()).scale(1e-3));

        assertThat(Linalg.numericalRank(rankTwo, 1e-9)).isEqualTo(2);
        assertThat(Linalg.numericalRank(rankTwo, 1e-2)).isEqualTo(1);
        assertThat(Linalg.numericalRank(Matrix.zeros(4, 4), 0)).isZero();
    }

    @Test
    void choleskyFactorMultipliesBackToTheMatrix() {
        Matrix b = Matrix.gaussian(6, 6, 1, new GaussianSampler(3));
        Matrix spd = b.times(b.transpose()).plus(Matrix.identity(6));

        Matrix l = Linalg.cholesky(spd);

        assertThat(l.times(l.transpose()).minus(spd).maxAbs()).isLessThan(1e-12);
        for (int i = 0; i < 6; i++) {
            for (int j = i + 1; j < 6; j++) {
                assertThat(l.get(i, j)).isZero();
            }
        }
    }

    @Test
    void choleskyRejectsIndefiniteMatrixSayingWhatToDo() {
        Matrix indefinite = Matrix.of(new double[][] {{1, 2}, {2, 1}});

        assertThatThrownBy(() -> Linalg.cholesky(indefinite))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not symmetric positive definite")
                .hasMessageContaining("at least as many");
    }

    @Test
    void leastSquaresRecoversExactLinearMapFromNoiselessData() {
        GaussianSampler rng = new GaussianSampler(11);
        Matrix x = Matrix.gaussian(40, 5, 1, rng);
        Matrix w = Matrix.gaussian(5, 3, 1, rng);

        Matrix fitted = Linalg.leastSquares(x, x.times(w));

        assertThat(fitted.minus(w).maxAbs()).isLessThan(1e-12);
    }

    @Test
    void leastSquaresResidualIsOrthogonalToTheInputs() {
        GaussianSampler rng = new GaussianSampler(12);
        Matrix x = Matrix.gaussian(30, 4, 1, rng);
        Matrix y = Matrix.gaussian(30, 2, 1, rng);

        Matrix residual = x.times(Linalg.leastSquares(x, y)).minus(y);

        assertThat(x.transpose().times(residual).maxAbs()).isLessThan(1e-12);
        assertThat(residual.maxAbs()).isGreaterThan(0.1); // random y is not in X's span
    }
}
