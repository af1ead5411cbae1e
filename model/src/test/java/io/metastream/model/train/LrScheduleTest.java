package io.metastream.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LrScheduleTest {

    @Test
    void constantIsTheSameAtEveryStep() {
        LrSchedule lr = LrSchedule.constant(0.03);

        assertThat(lr.rate(0)).isEqualTo(0.03);
        assertThat(lr.rate(1_000_000)).isEqualTo(0.03);
    }

    @Test
    void warmUpRisesLinearlyToPeakThenDecaysLinearlyToZero() {
        LrSchedule lr = LrSchedule.warmupLinearDecay(1e-4, 4, 14);

        assertThat(lr.rate(0)).isCloseTo(0.25e-4, within(1e-15));
        assertThat(lr.rate(3)).isCloseTo(1e-4, within(1e-15));
        assertThat(lr.rate(4)).isCloseTo(1e-4, within(1e-15));
        assertThat(lr.rate(9)).isCloseTo(0.5e-4, within(1e-15));
        assertThat(lr.rate(13)).isCloseTo(0.1e-4, within(1e-15));
        assertThat(lr.rate(14)).isZero();
        assertThat(lr.rate(100)).isZero();
    }

    @Test
    void withoutWarmUpStartsAtPeak() {
        assertThat(LrSchedule.warmupLinearDecay(2.0, 0, 10).rate(0)).isEqualTo(2.0);
    }

    @Test
    void rejectsNonsenseWithTheOffendingValue() {
        assertThatThrownBy(() -> LrSchedule.constant(0)).hasMessageContaining("got 0.0");
        assertThatThrownBy(() -> LrSchedule.warmupLinearDecay(1, 10, 5)).hasMessageContaining("totalSteps");
        assertThatThrownBy(() -> LrSchedule.constant(1).rate(-1)).hasMessageContaining("step must be >= 0");
    }

    @Test
    void fromZeroConventionStartsTheWarmUpAtRateZeroAndDecaysTheSame() {
        LrSchedule hf = LrSchedule.warmupLinearDecay(1e-4, 4, 14).withWarmup(LrSchedule.Warmup.FROM_ZERO);

        assertThat(hf.rate(0)).isZero();
        assertThat(hf.rate(2)).isCloseTo(0.5e-4, within(1e-15));
        assertThat(hf.rate(4)).isCloseTo(1e-4, within(1e-15));
        assertThat(hf.rate(9)).isCloseTo(LrSchedule.warmupLinearDecay(1e-4, 4, 14).rate(9), within(1e-15));
        assertThat(new LrSchedule(1e-4, 4, 14).warmup()).isEqualTo(LrSchedule.Warmup.FIRST_STEP_LEARNS);
    }
}
