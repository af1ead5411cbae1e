package io.metastream.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Wait-for-condition instead of sleeping a fixed time: polls often at first, then backs off, and fails
 * with a message that says what was awaited.
 */
public final class TestWaits {

    private static final long FIRST_PAUSE_MILLIS = 5;
    private static final long MAX_PAUSE_MILLIS = 200;

    private TestWaits() {
    }

    /**
     * Polls {@code condition} until it returns {@code true}.
     *
     * @throws AssertionError if it is still false after {@code timeout}
     */
    public static void waitUntil(Duration timeout, Supplier<Boolean> condition, String message) {
        awaitValue(timeout, () -> Boolean.TRUE.equals(condition.get()) ? Optional.of(true) : Optional.empty(), message);
    }

    /**
     * Polls {@code probe} until it yields a value and returns that value.
     *
     * @throws AssertionError if it is still empty after {@code timeout}
     */
    public static <T> T awaitValue(Duration timeout, Supplier<Optional<T>> probe, String message) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(probe, "probe");
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting until: " + message);
            }
            pauseAtMost(Math.min(pause, Duration.ofNanos(left).toMillis() + 1));
            pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
        }
    }

    private static void pauseAtMost(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting", e);
        }
    }
}
