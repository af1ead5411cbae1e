package io.metastream.research.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LinearTheoryConfigTest {

    @Test
    void defaultsAreThePapersSetting() {
        assertThat(LinearTheoryConfig.defaults()).isEqualTo(new LinearTheoryConfig(10, 3, 1, 5000, 100, 0.1, 0));
    }

    @Test
    void fineTuneRankIsThreeKForTwoTasksElseK() {
        assertThat(LinearTheoryConfig.builder().optTasks(2).optRank(2).build().fineTuneRank()).isEqualTo(6);
        assertThat(LinearTheoryConfig.builder().optTasks(3).optRank(2).build().fineTuneRank()).isEqualTo(2);
    }

    @Test
    void reportsEveryInvalidOptionByItsCliName() {
        assertThatThrownBy(() -> new LinearTheoryConfig(1, 0, 0, 0, 0, Double.NaN, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--dim must be at least 2, got 1")
                .hasMessageContaining("--tasks")
                .hasMessageContaining("--rank")
                .hasMessageContaining("--samples")
                .hasMessageContaining("--ft-samples")
                .hasMessageContaining("--noise");
    }

    @Test
    void rejectsRankAboveDimension() {
        assertThatThrownBy(() -> LinearTheoryConfig.builder().optDim(4).optRank(5).build())
                .hasMessageContaining("--rank must be at most --dim (4), got 5");
    }
}
