package io.metastream.learning.adapt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AdaptOptionsTest {

  @Test
  void theBudgetIsANumberOfStepsAndTheOldEpochKeyIsRefusedNamingIt() {
    assertThat(AdaptOptions.parse(Map.of()).steps()).isEqualTo(AdaptOptions.DEFAULT_STEPS);
    assertThat(AdaptOptions.parse(Map.of("steps", "30")).steps()).isEqualTo(30);
    assertThatThrownBy(() -> AdaptOptions.parse(Map.of("epochs", "5")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'steps'");
    assertThatThrownBy(() -> AdaptOptions.parse(Map.of("steps", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steps");
  }

  @Test
  void theLinearScheduleStillLearnsAtTheLastStepOfTheBudget() {
    AdaptOptions o = AdaptOptions.parse(Map.of("steps", "10", "lr", "1e-3", "warmup", "0.1"));
    // one warm-up step at the peak (the first step learns), then a linear decay that reaches 0
    // only after the budget: the last of the 10 steps still moves, at 1/9 of the peak
    assertThat(o.schedule().rate(0)).isEqualTo(1e-3);
    assertThat(o.schedule().rate(9)).isGreaterThan(0.0).isCloseTo(1e-3 / 9, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(o.schedule().rate(10)).isZero();
  }

  @Test
  void theConstantScheduleHoldsThePeakAfterWarmUp() {
    AdaptOptions o = AdaptOptions.parse(Map.of("steps", "10", "schedule", "constant"));
    assertThat(o.schedule().rate(9)).isEqualTo(AdaptOptions.DEFAULT_LR);
    assertThat(o.schedule().rate(1000)).isEqualTo(AdaptOptions.DEFAULT_LR);
    assertThatThrownBy(() -> AdaptOptions.parse(Map.of("schedule", "cosine")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schedule");
  }
}
