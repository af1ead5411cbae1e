package io.metastream.model.train;

/**
 * Ranking metrics over candidate scores, pure Java. Ties count against the gold candidate (a
 * distractor scoring equal to the gold is ranked above it), so a constant scorer gets no credit.
 */
public final class Ranking {

  private Ranking() {}

  /** 1-based rank of {@code gold} among {@code scores}. */
  public static int rank(float[] scores, int gold) {
    if (gold < 0 || gold >= scores.length) {
      throw new IllegalArgumentException("gold index " + gold + " outside " + scores.length
          + " candidates");
    }
    int rank = 1;
    for (int i = 0; i < scores.length; i++) {
      if (i != gold && !(scores[i] < scores[gold])) {
        rank++;
      }
    }
    return rank;
  }

  /** Fraction of examples whose gold candidate ranks first. */
  public static double hitsAt1(float[][] scores, int[] gold) {
    check(scores, gold);
    int hits = 0;
    for (int i = 0; i < scores.length; i++) {
      hits += rank(scores[i], gold[i]) == 1 ? 1 : 0;
    }
    return (double) hits / scores.length;
  }

  /** Mean reciprocal rank of the gold candidates. */
  public static double meanReciprocalRank(float[][] scores, int[] gold) {
    check(scores, gold);
    double sum = 0;
    for (int i = 0; i < scores.length; i++) {
      sum += 1.0 / rank(scores[i], gold[i]);
    }
    return sum / scores.length;
  }

  /** Splits flat per-pair scores (cross-encoder) into groups of {@code candidates}. */
  public static float[][] group(float[] flat, int candidates) {
    if (candidates <= 0 || flat.length % candidates != 0) {
      throw new IllegalArgumentException(flat.length + " scores do not split into groups of "
          + candidates);
    }
    float[][] out = new float[flat.length / candidates][candidates];
    for (int i = 0; i < out.length; i++) {
      System.arraycopy(flat, i * candidates, out[i], 0, candidates);
    }
    return out;
  }

  private static void check(float[][] scores, int[] gold) {
    if (scores.length == 0 || scores.length != gold.length) {
      throw new IllegalArgumentException("need one gold index per example and at least one "
          + "example, got " + scores.length + " score rows and " + gold.length + " golds");
    }
  }
}
