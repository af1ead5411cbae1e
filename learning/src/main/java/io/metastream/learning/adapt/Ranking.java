package io.metastream.learning.adapt;

/** Rank of the gold candidate among scored candidates. */
public final class Ranking {

  private Ranking() {}

  /**
   * 1-based rank of {@code gold}: 1 + the number of other candidates scoring at least as high.
   * Pessimistic on ties, so a model that scores everything equally is never credited a hit.
   */
  public static int rankOfGold(float[] scores, int gold) {
    if (gold < 0 || gold >= scores.length) {
      throw new IllegalArgumentException("gold index " + gold + " outside " + scores.length
          + " candidates");
    }
    int rank = 1;
    for (int j = 0; j < scores.length; j++) {
      if (j != gold && !(scores[j] < scores[gold])) {
        rank++;
      }
    }
    return rank;
  }
}
