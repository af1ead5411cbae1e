package io.metastream.ingest;

import java.util.Objects;

/**
 * An example's place in a persona's eviction order: its salted-hash rank, ties broken by the example id.
 * Lower keys are kept first; the order is a property of the id alone, never of arrival.
 */
public record EntryKey(long rank, String exampleId) implements Comparable<EntryKey> {
    public EntryKey {
        if (rank < 0) {
            throw new IllegalArgumentException("rank must be >= 0, got " + rank);
        }
        Objects.requireNonNull(exampleId, "exampleId");
    }

    @Override
    public int compareTo(EntryKey o) {
        int c = Long.compare(rank, o.rank);
        // byte order of the UTF-8 id, the same order the key-value store sorts its keys in
        return c != 0 ? c : java.util.Arrays.compareUnsigned(
                exampleId.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                o.exampleId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
