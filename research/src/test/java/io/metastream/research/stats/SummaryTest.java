package io.metastream.research.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void singleValueHasZeroStandardError() {
        assertThat(Summary.of(List.of(0.3))).isEqualTo(new Summary(0.3, 0.0, 1));
    }

    @Test
    void summarisesOneScorePerTaskAndSeed() {
        Summary s = Summary.overTasksAndSeeds(List.of(
                new TaskSeedScore("p1", 0, 0.2), new TaskSeedScore("p1", 1, 0.4),
                new TaskSeedScore("p2", 0, 0.6), new TaskSeedScore("p2", 1, 0.8)));

        assertThat(s.n()).isEqualTo(4);
        assertThat(s.mean()).isCloseTo(0.5, within(1e-15));
        assertThat(s.se()).isCloseTo(Math.sqrt(0.2 / 3) / 2, within(1e-15));
    }

    @Test
    void rejectsTheSameTaskAndSeedTwice() {
        assertThatThrownBy(() -> Summary.overTasksAndSeeds(List.of(
                new TaskSeedScore("p1", 0, 0.2), new TaskSeedScore("p1", 0, 0.4))))
                .hasMessageContaining("task p1 with seed 0 is scored twice");
    }
}
