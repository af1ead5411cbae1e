package io.metastream.app.local;

import io.metastream.domain.Checkpoint;
import io.metastream.domain.OffsetRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the checkpoints' consumed offset ranges cover each partition of the tasks topic (pure). Exactly-once
 * retraining means the ranges tile every partition from offset 0 with no gap (a task lost) and no overlap (a
 * task counted twice), ending where the trainer's committed offset is.
 *
 * @param partitions per partition, in partition order
 */
public record Lineage(Map<Integer, Partition> partitions) {

    /**
     * @param end     where the last range ends (the next offset the lineage expects)
     * @param lost    offsets no checkpoint consumed (gaps between ranges)
     * @param doubled offsets more than one checkpoint consumed (overlaps)
     */
    public record Partition(int partition, long end, long lost, long doubled) {
    }

    public Lineage {
        partitions = Map.copyOf(new TreeMap<>(partitions));
    }

    /** The lineage of the ranges on {@code topic}; a range on another topic is an error. */
    public static Lineage of(List<Checkpoint> checkpoints, String topic) {
        Map<Integer, List<OffsetRange>> byPartition = new TreeMap<>();
        for (Checkpoint c : checkpoints) {
            for (OffsetRange r : c.consumed()) {
                if (!r.topic().equals(topic)) {
                    throw new IllegalArgumentException("checkpoint " + c.version() + " consumed from " + r.topic()
                            + ", not " + topic);
                }
                byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
            }
        }
        Map<Integer, Partition> out = new TreeMap<>();
        byPartition.forEach((p, ranges) -> out.put(p, partition(p, ranges)));
        return new Lineage(out);
    }

    private static Partition partition(int p, List<OffsetRange> ranges) {
        List<OffsetRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(OffsetRange::fromInclusive).thenComparingLong(OffsetRange::toExclusive));
        long next = 0;
        long lost = 0;
        long doubled = 0;
        for (OffsetRange r : sorted) {
            if (r.fromInclusive() > next) {
                lost += r.fromInclusive() - next;
            } else {
                doubled += Math.min(next, r.toExclusive()) - r.fromInclusive();
            }
            next = Math.max(next, r.toExclusive());
        }
        return new Partition(p, next, lost, doubled);
    }

    /** Offsets in gaps, over all partitions. */
    public long lost() {
        return partitions.values().stream().mapToLong(Partition::lost).sum();
    }

    /** Offsets consumed twice, over all partitions. */
    public long doubled() {
        return partitions.values().stream().mapToLong(Partition::doubled).sum();
    }

    /** Where each partition's lineage ends. */
    public Map<Integer, Long> ends() {
        Map<Integer, Long> ends = new TreeMap<>();
        partitions.forEach((p, s) -> ends.put(p, s.end()));
        return ends;
    }

    /**
     * Offsets between where the lineage ends and where the trainer committed, over every partition of
     * either (a partition no checkpoint names ends at 0): consumed but in no checkpoint, or the reverse.
     */
    public long unaccounted(Map<Integer, Long> committed) {
        Map<Integer, Long> ends = ends();
        java.util.Set<Integer> all = new java.util.TreeSet<>(ends.keySet());
        all.addAll(committed.keySet());
        long sum = 0;
        for (int p : all) {
            sum += Math.abs(committed.getOrDefault(p, 0L) - ends.getOrDefault(p, 0L));
        }
        return sum;
    }

    /** True when every partition is tiled with no gap and no overlap. */
    public boolean tiles() {
        return lost() == 0 && doubled() == 0;
    }
}
