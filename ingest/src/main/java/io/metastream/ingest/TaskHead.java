package io.metastream.ingest;

import io.metastream.domain.Split;
import java.util.Objects;

/**
 * What ingest remembers about one persona besides its examples: a few numbers, so that folding one example
 * costs the same however many examples the persona holds.
 *
 * @param split        decided once, when the persona is first seen, and kept
 * @param nextRevision revision number the next emitted task gets (= versions emitted so far)
 * @param dirty        changed since the last emitted revision (kept in the store, so a crash between a change
 *                     and its emission cannot lose the emission)
 * @param count        examples held
 * @param bytes        the budgeted size of the held examples ({@link TaskAccumulator#costOf})
 * @param cutoff       the lowest key ever evicted or refused for lack of room, or null: every example at or
 *                     above it is refused, which keeps the kept set independent of arrival order
 */
public record TaskHead(Split split, long nextRevision, boolean dirty, int count, long bytes, EntryKey cutoff) {
    public TaskHead {
        Objects.requireNonNull(split, "split");
        if (nextRevision < 0 || count < 0 || bytes < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
    }

    public static TaskHead empty(Split split) {
        return new TaskHead(split, 0, false, 0, 0, null);
    }
}
