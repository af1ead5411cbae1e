package io.metastream.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.model.train.Ranking;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RankingTest {

  @Test
  void hitsAndReciprocalRankOfAKnownExample() {
    float[][] scores = {{0.9f, 0.1f, 0.3f}, {0.2f, 0.5f, 0.7f}};
    int[] gold = {0, 1};
    assertThat(Ranking.hitsAt1(scores, gold)).isEqualTo(0.5);
    assertThat(Ranking.meanReciprocalRank(scores, gold)).isEqualTo((1.0 + 0.5) / 2);
  }

  @Test
  void tiesDoNotCreditTheGold() {
    assertThat(Ranking.rank(new float[] {1f, 1f, 1f}, 0)).isEqualTo(3);
  }

  @Property
  void rankIsBetweenOneAndTheCandidateCount(
      @ForAll @Size(min = 1, max = 30) float[] scores, @ForAll @IntRange(max = 29) int gold) {
    int g = gold % scores.length;
    int rank = Ranking.rank(scores, g);
    assertThat(rank).isBetween(1, scores.length);
    assertThat(Ranking.meanReciprocalRank(new float[][] {scores}, new int[] {g}))
        .isGreaterThanOrEqualTo(Ranking.hitsAt1(new float[][] {scores}, new int[] {g}));
  }
}
