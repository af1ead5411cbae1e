package io.metastream.trainer;

import java.time.Duration;
import java.time.Instant;

/**
 * When a round is due (pure): there is at least one new task, and either {@code everyTasks} new task revisions
 * arrived since the last attempt or {@code maxWait} passed since it. Counting from the last <em>attempt</em>
 * (not the last success) is what keeps a diverging round from being retried in a tight loop: after a failed
 * round the pending tasks wait for more data or for the interval.
 */
public final class RoundSchedule {
    private final int everyTasks;
    private final Duration maxWait;
    private Instant lastAttempt;
    private int arrivedSinceAttempt;

    public RoundSchedule(int everyTasks, Duration maxWait, Instant start) {
        if (everyTasks < 1) {
            throw new IllegalArgumentException("a round needs at least 1 new task, was " + everyTasks);
        }
        if (maxWait == null || maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("round interval must be positive, was " + maxWait);
        }
        this.everyTasks = everyTasks;
        this.maxWait = maxWait;
        this.lastAttempt = start;
    }

    /** A new task revision entered the pool. */
    public void arrived() {
        arrivedSinceAttempt++;
    }

    public boolean due(int pendingNewTasks, Instant now) {
        if (pendingNewTasks == 0) {
            return false;
        }
        return arrivedSinceAttempt >= everyTasks || !now.isBefore(lastAttempt.plus(maxWait));
    }

    /** A round ran (whatever its outcome). */
    public void attempted(Instant now) {
        lastAttempt = now;
        arrivedSinceAttempt = 0;
    }

    /** How long until the interval trigger fires (zero if already past); bounds the poll timeout. */
    public Duration untilInterval(Instant now) {
        Duration left = Duration.between(now, lastAttempt.plus(maxWait));
        return left.isNegative() ? Duration.ZERO : left;
    }
}
