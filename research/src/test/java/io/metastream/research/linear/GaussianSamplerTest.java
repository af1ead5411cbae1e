package io.metastream.research.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussianSamplerTest {

    @Test
    void sameSeedGivesSameSequenceAndDifferentSeedsDiffer() {
        GaussianSampler a = new GaussianSampler(42);
        GaussianSampler b = new GaussianSampler(42);
        GaussianSampler c = new GaussianSampler(43);
        boolean differs = false;
        for (int i = 0; i < 100; i++) {
            double x = a.nextGaussian();
            assertThat(b.nextGaussian()).isEqualTo(x);
            differs |= c.nextGaussian() != x;
        }
        assertThat(differs).isTrue();
    }

    @Test
    void drawsHaveStandardNormalMoments() {
        GaussianSampler rng = new GaussianSampler(5);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        int beyondTwoSigma = 0;
        for (int i = 0; i < n; i++) {
            double x = rng.nextGaussian();
            sum += x;
            sumSq += x * x;
            beyondTwoSigma += Math.abs(x) > 2 ? 1 : 0;
        }
        // 5 standard errors of each estimate; fixed seed, so deterministic
        assertThat(sum / n).isCloseTo(0, within(5 / Math.sqrt(n)));
        assertThat(sumSq / n).isCloseTo(1, within(5 * Math.sqrt(2.0 / n)));
        assertThat((double) beyondTwoSigma / n).isCloseTo(0.0455, within(0.003));
    }
}
