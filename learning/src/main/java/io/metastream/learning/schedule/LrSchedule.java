package io.metastream.learning.schedule;

/**
 * A learning rate as a function of the optimiser step (0-based). Shared by the linear theory
 * suite and the neural trainers so both read the same schedule semantics.
 */
public sealed interface LrSchedule permits LrSchedule.Constant, LrSchedule.WarmupLinearDecay {

    /** The learning rate to use for step {@code step} (0-based). */
    double rate(long step);

    /** The same rate at every step. */
    static LrSchedule constant(double rate) {
        return new Constant(rate);
    }

    /** Linear warm-up to {@code peak} over {@code warmupSteps}, then linear decay to 0 at {@code totalSteps}. */
    static LrSchedule warmupLinearDecay(double peak, long warmupSteps, long totalSteps) {
        return new WarmupLinearDecay(peak, warmupSteps, totalSteps);
    }

    /** A constant learning rate. */
    record Constant(double rate) implements LrSchedule {
        public Constant {
            requirePositiveRate(rate);
        }

        @Override
        public double rate(long step) {
            requireStep(step);
            return rate;
        }
    }

    /**
     * Warm-up then linear decay. Step {@code s < warmupSteps} uses {@code peak * (s + 1) / warmupSteps}
     * (the first step already learns, unlike a schedule that starts at exactly 0); later steps use
     * {@code peak * (totalSteps - s) / (totalSteps - warmupSteps)}, reaching 0 at {@code totalSteps}
     * and staying there.
     */
    record WarmupLinearDecay(double peak, long warmupSteps, long totalSteps) implements LrSchedule {
        public WarmupLinearDecay {
            requirePositiveRate(peak);
            if (warmupSteps < 0) {
                throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
            }
            if (totalSteps < 1 || totalSteps < warmupSteps) {
                throw new IllegalArgumentException("totalSteps must be >= 1 and >= warmupSteps ("
                        + warmupSteps + "), got " + totalSteps);
            }
        }

        @Override
        public double rate(long step) {
            requireStep(step);
            if (step < warmupSteps) {
                return peak * (step + 1) / warmupSteps;
            }
            if (step >= totalSteps) {
                return 0.0;
            }
            return peak * (totalSteps - step) / (totalSteps - warmupSteps);
        }
    }

    private static void requirePositiveRate(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("learning rate must be a positive finite number, got " + rate);
        }
    }

    private static void requireStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
    }
}
