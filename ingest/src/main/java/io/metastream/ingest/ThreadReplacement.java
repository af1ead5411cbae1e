package io.metastream.ingest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When a stream thread dies, replace it — unless threads keep dying: more than {@code maxReplacements}
 * within {@code window} means the failure is not one record's (those are rejected by the handlers) but the
 * environment's, and the client should stop so the process exits non-zero and its supervisor sees it.
 * Pure: the caller passes the clock reading.
 */
final class ThreadReplacement {
    private final int maxReplacements;
    private final long windowNanos;
    private final Deque<Long> recent = new ArrayDeque<>();

    ThreadReplacement(int maxReplacements, Duration window) {
        if (maxReplacements < 0) {
            throw new IllegalArgumentException("maxReplacements must be >= 0, got " + maxReplacements);
        }
        this.maxReplacements = maxReplacements;
        this.windowNanos = window.toNanos();
    }

    /** True to replace the failed thread, false to give up. */
    synchronized boolean replace(long nowNanos) {
        while (!recent.isEmpty() && nowNanos - recent.peekFirst() > windowNanos) {
            recent.removeFirst();
        }
        if (recent.size() >= maxReplacements) {
            return false;
        }
        recent.addLast(nowNanos);
        return true;
    }
}
