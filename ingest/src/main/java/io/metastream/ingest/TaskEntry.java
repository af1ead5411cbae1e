package io.metastream.ingest;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.OffsetRange;
import java.util.Objects;

/**
 * One example held in a persona's task state.
 *
 * @param example the example
 * @param query   true if assigned to the query side, false for support
 * @param rank    the example's hash rank; the lowest ranks are kept when the task is full
 * @param source  where the example was read (one offset)
 */
public record TaskEntry(ConversationExample example, boolean query, long rank, OffsetRange source) {
    public TaskEntry {
        Objects.requireNonNull(example, "example");
        Objects.requireNonNull(source, "source");
    }

    String exampleId() {
        return example.exampleId();
    }
}
