package io.metastream.learning.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void meanStdAndStandardErrorOfKnownSample() {
        List<Double> values = List.of(2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0);

        assertThat(Stats.mean(values)).isEqualTo(5.0);
        // sum of squared deviations 32, n - 1 = 7
        assertThat(Stats.sampleStd(values)).isCloseTo(Math.sqrt(32.0 / 7), within(1e-15));
        assertThat(Stats.standardError(values)).isCloseTo(Math.sqrt(32.0 / 7) / Math.sqrt(8), within(1e-15));
    }

    @Test
    void singleValueHasZeroSpreadAndZeroStandardError() {
        assertThat(Stats.sampleStd(List.of(0.3))).isZero();
        assertThat(Stats.standardError(List.of(0.3))).isZero();
    }

    @Test
    void rejectsEmptyAndNonFiniteSamples() {
        assertThatThrownBy(() -> Stats.mean(List.of())).hasMessageContaining("at least one value");
        assertThatThrownBy(() -> Stats.mean(List.of(1.0, Double.NaN))).hasMessageContaining("finite");
    }
}
