package io.metastream.model.train;

/**
 * A learning rate as a function of the optimiser step: a linear warm-up to {@code peak} over
 * {@code warmupSteps}, then a linear decay to 0 at {@code totalSteps} (and 0 from there on). A
 * constant rate is the special case without warm-up or end.
 *
 * <p>Two warm-up conventions (the rate of 0-based step s < warmupSteps):
 * <ul>
 *   <li>{@link Warmup#FIRST_STEP_LEARNS} (default): {@code peak * (s + 1) / warmupSteps}, so the
 *       first step already learns — the schedule the published results were measured with;
 *   <li>{@link Warmup#FROM_ZERO}: {@code peak * s / warmupSteps}, Hugging Face's "linear"
 *       schedule, whose first step has rate 0.
 * </ul>
 * Later steps use {@code peak * (totalSteps - s) / (totalSteps - warmupSteps)} in both.
 *
 * @param peak the peak learning rate
 * @param warmupSteps steps of warm-up (0 for none)
 * @param totalSteps total planned steps
 * @param warmup the warm-up convention
 */
public record LrSchedule(double peak, long warmupSteps, long totalSteps, Warmup warmup) {

  /** Warm-up convention, see the class comment. */
  public enum Warmup { FIRST_STEP_LEARNS, FROM_ZERO }

  public LrSchedule {
    if (!(peak > 0) || Double.isInfinite(peak)) {
      throw new IllegalArgumentException("learning rate must be a positive finite number, got "
          + peak);
    }
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
    }
    if (totalSteps < 1 || totalSteps < warmupSteps) {
      throw new IllegalArgumentException("totalSteps must be >= 1 and >= warmupSteps ("
          + warmupSteps + "), got " + totalSteps);
    }
    if (warmup == null) {
      throw new IllegalArgumentException("a warm-up convention is required");
    }
  }

  /** Warm-up then linear decay with the default convention. */
  public LrSchedule(double peak, long warmupSteps, long totalSteps) {
    this(peak, warmupSteps, totalSteps, Warmup.FIRST_STEP_LEARNS);
  }

  /** The same rate at every step. */
  public static LrSchedule constant(double rate) {
    return new LrSchedule(rate, 0, Long.MAX_VALUE);
  }

  /** Linear warm-up to {@code peak} over {@code warmupSteps}, then linear decay to 0. */
  public static LrSchedule warmupLinearDecay(double peak, long warmupSteps, long totalSteps) {
    return new LrSchedule(peak, warmupSteps, totalSteps);
  }

  /** The same schedule with another warm-up convention. */
  public LrSchedule withWarmup(Warmup convention) {
    return new LrSchedule(peak, warmupSteps, totalSteps, convention);
  }

  /** The rate of 0-based step {@code step}. */
  public double rate(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, got " + step);
    }
    if (step < warmupSteps) {
      return peak * (warmup == Warmup.FIRST_STEP_LEARNS ? step + 1 : step) / warmupSteps;
    }
    if (step >= totalSteps) {
      return 0.0;
    }
    if (totalSteps == Long.MAX_VALUE) {
      return peak;
    }
    return peak * (totalSteps - step) / (totalSteps - warmupSteps);
  }
}
