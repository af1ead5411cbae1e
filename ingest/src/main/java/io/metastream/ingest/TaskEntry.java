package io.metastream.ingest;

import io.metastream.domain.OffsetRange;
import java.util.Objects;

/**
 * One example held for a persona, in the compact form ingest keeps: the canonical JSON of the example is
 * stored and later spliced into the task as it is, never parsed again.
 *
 * @param key        the example's place in the eviction order
 * @param dialogueId the dialogue it comes from: its side (support or query) is its dialogue's, decided when
 *                   a revision is assembled
 * @param source     where the example was read (one offset)
 * @param json       the example's canonical JSON (as {@code JsonSerde} writes it)
 */
public record TaskEntry(EntryKey key, String dialogueId, OffsetRange source, byte[] json) {
    public TaskEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(dialogueId, "dialogueId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(json, "json");
    }
}
