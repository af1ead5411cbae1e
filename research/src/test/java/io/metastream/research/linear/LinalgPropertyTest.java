package io.metastream.research.linear;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class LinalgPropertyTest {

    @Property(tries = 60)
    void eigenvaluesReconstructTheMatrixAndSumToItsTrace(@ForAll long seed, @ForAll @IntRange(min = 1, max = 9) int n) {
        Matrix a = LinearTheorySuite.symmetricGaussian(n, new GaussianSampler(seed));

        SymmetricEigen eigen = Linalg.symmetricEigen(a);

        assertThat(eigen.reconstruct().minus(a).maxAbs()).isLessThan(1e-11);
        double trace = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            trace += a.get(i, i);
            sum += eigen.values()[i];
        }
        assertThat(sum).isCloseTo(trace, org.assertj.core.api.Assertions.within(1e-11));
    }

    @Property(tries = 60)
    void squaredSingularValuesSumToSquaredFrobeniusNorm(@ForAll long seed,
                                                        @ForAll @IntRange(min = 1, max = 8) int rows,
                                                        @ForAll @IntRange(min = 1, max = 8) int cols) {
        Matrix m = Matrix.gaussian(rows, cols, 1, new GaussianSampler(seed));

        double sum = 0;
        for (double s : Linalg.singularValues(m)) {
            sum += s * s;
        }

        assertThat(sum).isCloseTo(m.frobeniusNormSquared(), org.assertj.core.api.Assertions.within(1e-10));
    }

    @Property(tries = 60)
    void spdSolveSatisfiesTheSystem(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int n) {
        GaussianSampler rng = new GaussianSampler(seed);
        Matrix b = Matrix.gaussian(n, n, 1, rng);
        Matrix spd = b.times(b.transpose()).plus(Matrix.identity(n).scale(0.5));
        Matrix rhs = Matrix.gaussian(n, 2, 1, rng);

        Matrix x = Linalg.solveSpd(spd, rhs);

        assertThat(spd.times(x).minus(rhs).maxAbs()).isLessThan(1e-9);
    }
}
