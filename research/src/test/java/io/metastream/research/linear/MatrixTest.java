package io.metastream.research.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MatrixTest {

    @Test
    void multipliesTransposesAndAddsLikeTheTextbook() {
        Matrix a = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Matrix b = Matrix.of(new double[][] {{1, 0}, {0, 1}, {1, 1}});

        assertThat(a.times(b)).isEqualTo(Matrix.of(new double[][] {{4, 5}, {10, 11}}));
        assertThat(a.transpose()).isEqualTo(Matrix.of(new double[][] {{1, 4}, {2, 5}, {3, 6}}));
        assertThat(a.plusScaled(a, -2)).isEqualTo(a.scale(-1));
        assertThat(a.frobeniusNormSquared()).isEqualTo(91.0);
    }

    @Test
    void rejectsMismatchedShapesNamingThem() {
        Matrix a = Matrix.zeros(2, 3);

        assertThatThrownBy(() -> a.times(a)).hasMessageContaining("2x3 by 2x3");
        assertThatThrownBy(() -> a.plus(Matrix.zeros(3, 2))).hasMessageContaining("2x3 vs 3x2");
        assertThatThrownBy(() -> Matrix.of(new double[][] {{1, 2}, {3}})).hasMessageContaining("row 1");
    }

    @Test
    void isImmutableAgainstItsArrays() {
        double[][] values = {{1, 2}, {3, 4}};
        Matrix m = Matrix.of(values);
        values[0][0] = 99;
        m.toArray()[1][1] = 99;

        assertThat(m.get(0, 0)).isEqualTo(1.0);
        assertThat(m.get(1, 1)).isEqualTo(4.0);
    }
}
