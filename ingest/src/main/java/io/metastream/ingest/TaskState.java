package io.metastream.ingest;

import io.metastream.domain.Split;
import java.util.List;
import java.util.Objects;

/**
 * Everything ingest remembers about one persona (the value of the tasks store).
 *
 * @param personaId    the persona
 * @param split        decided once, when the persona is first seen, and kept
 * @param nextRevision revision number the next emitted task gets (= versions emitted so far)
 * @param dirty        changed since the last emitted revision (kept in the store, so a crash between a
 *                     change and its emission cannot lose the emission)
 * @param entries      the kept examples, sorted by (rank, example id)
 */
public record TaskState(String personaId, Split split, long nextRevision, boolean dirty, List<TaskEntry> entries) {
    public TaskState {
        Objects.requireNonNull(personaId, "personaId");
        Objects.requireNonNull(split, "split");
        if (nextRevision < 0) {
            throw new IllegalArgumentException("nextRevision must be >= 0, got " + nextRevision);
        }
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    public static TaskState empty(String personaId, Split split) {
        return new TaskState(personaId, split, 0, false, List.of());
    }

    public long supportCount() {
        return entries.stream().filter(e -> !e.query()).count();
    }

    public long queryCount() {
        return entries.stream().filter(TaskEntry::query).count();
    }
}
