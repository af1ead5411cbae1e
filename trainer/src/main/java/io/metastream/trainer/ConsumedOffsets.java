package io.metastream.trainer;

import io.metastream.domain.OffsetRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-partition offsets of one topic consumed since the last checkpoint (pure). The lineage of a checkpoint
 * is {@code [checkpointed, position)} for each partition that moved, so the ranges of successive checkpoints
 * tile the topic with no gap and no overlap.
 */
public final class ConsumedOffsets {
    private final String topic;
    private final Map<Integer, Long> checkpointed = new TreeMap<>();
    private final Map<Integer, Long> position = new TreeMap<>();

    /** Starts from the committed offsets (the next offset to read per partition). */
    public ConsumedOffsets(String topic, Map<Integer, Long> committed) {
        this.topic = topic;
        committed.forEach((p, o) -> {
            if (o < 0) {
                throw new IllegalArgumentException("offset of partition " + p + " is negative: " + o);
            }
            checkpointed.put(p, o);
            position.put(p, o);
        });
    }

    /** The consumer's position (next offset to read) moved forward on a partition. */
    public void advance(int partition, long nextOffset) {
        Long start = checkpointed.get(partition);
        if (start == null) {
            throw new IllegalArgumentException("partition " + partition + " of " + topic + " is not tracked");
        }
        if (nextOffset < position.get(partition)) {
            throw new IllegalStateException("position of " + topic + "-" + partition + " went back from "
                    + position.get(partition) + " to " + nextOffset);
        }
        position.put(partition, nextOffset);
    }

    /** Ranges consumed since the last checkpoint, by partition, empty ones left out. */
    public List<OffsetRange> sinceCheckpoint() {
        List<OffsetRange> ranges = new ArrayList<>();
        checkpointed.forEach((p, from) -> {
            long to = position.get(p);
            if (to > from) {
                ranges.add(new OffsetRange(topic, p, from, to));
            }
        });
        return ranges;
    }

    /** Next offsets to read per partition: what is committed with a checkpoint. */
    public Map<Integer, Long> positions() {
        return Map.copyOf(position);
    }

    /** The current positions were committed with a checkpoint. */
    public void checkpointed() {
        checkpointed.putAll(position);
    }
}
