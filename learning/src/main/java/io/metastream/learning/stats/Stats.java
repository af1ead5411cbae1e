package io.metastream.learning.stats;

import java.util.Collection;

/** Descriptive statistics of score samples. */
public final class Stats {
    private Stats() {
    }

    /** The arithmetic mean; needs at least one value. */
    public static double mean(Collection<Double> values) {
        requireValues(values);
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.size();
    }

    /**
     * The sample standard deviation (denominator n - 1). With a single value there is no spread
     * to estimate, and 0 is returned rather than NaN so one-seed runs still print.
     */
    public static double sampleStd(Collection<Double> values) {
        double mean = mean(values);
        int n = values.size();
        if (n == 1) {
            return 0.0;
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (n - 1));
    }

    /** The standard error of the mean, {@code s / sqrt(n)}; 0 for a single value (see {@link #sampleStd}). */
    public static double standardError(Collection<Double> values) {
        return sampleStd(values) / Math.sqrt(values.size());
    }

    private static void requireValues(Collection<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("statistics need at least one value, got none");
        }
        for (Double v : values) {
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException("statistics need finite values, got " + v);
            }
        }
    }
}
