package io.metastream.model.train;

/**
 * Linear warm-up from 0 to the peak rate over {@code warmupSteps}, then linear decay to 0 at
 * {@code totalSteps} (the Hugging Face "linear" schedule).
 *
 * @param peak the peak learning rate
 * @param warmupSteps steps of warm-up (0 for none)
 * @param totalSteps total planned steps (the rate is 0 from there on)
 */
public record LrSchedule(double peak, int warmupSteps, int totalSteps) {

  public LrSchedule {
    if (!(peak > 0)) {
      throw new IllegalArgumentException("peak learning rate must be > 0, got " + peak);
    }
    if (warmupSteps < 0 || totalSteps <= 0 || warmupSteps > totalSteps) {
      throw new IllegalArgumentException("need 0 <= warmupSteps <= totalSteps and totalSteps > 0,"
          + " got warmup " + warmupSteps + " total " + totalSteps);
    }
  }

  /** A constant rate (no warm-up, no decay) for open-ended training. */
  public static LrSchedule constant(double rate) {
    return new LrSchedule(rate, 0, Integer.MAX_VALUE);
  }

  /** The rate of the step after {@code done} completed steps. */
  public double rate(long done) {
    if (totalSteps == Integer.MAX_VALUE && warmupSteps == 0) {
      return peak;
    }
    if (done < warmupSteps) {
      return peak * done / warmupSteps;
    }
    return peak * Math.max(0.0, (double) (totalSteps - done) / Math.max(1, totalSteps - warmupSteps));
  }
}
