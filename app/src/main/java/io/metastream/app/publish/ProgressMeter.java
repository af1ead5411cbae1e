package io.metastream.app.publish;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides when to print a progress line and what it says. Pure: the caller passes the clock reading, so
 * tests need no waiting.
 */
public final class ProgressMeter {

    private final String verb;
    private final long intervalNanos;
    private final long startNanos;
    private long lastNanos;
    private long lastCount;

    public ProgressMeter(String verb, Duration interval, long startNanos) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        this.verb = verb;
        this.intervalNanos = interval.toNanos();
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
    }

    /** A line such as {@code published 12,000 (4,100/s)} if an interval has passed since the last one. */
    public Optional<String> update(long count, long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed < intervalNanos) {
            return Optional.empty();
        }
        String line = String.format(Locale.ROOT, "%s %,d (%s/s)", verb, count, rate(count - lastCount, elapsed));
        lastNanos = nowNanos;
        lastCount = count;
        return Optional.of(line);
    }

    /** The closing line: total, time and average rate since the start. */
    public String summary(long count, long nowNanos) {
        long elapsed = Math.max(1, nowNanos - startNanos);
        return String.format(Locale.ROOT, "%s %,d in %.1f s (%s/s)", verb, count, elapsed / 1e9, rate(count, elapsed));
    }

    static String rate(long count, long nanos) {
        if (nanos <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%,d", Math.round(count * 1e9 / nanos));
    }
}
