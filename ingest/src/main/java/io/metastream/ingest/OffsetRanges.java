package io.metastream.ingest;

import io.metastream.domain.OffsetRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Compacts offset ranges: sorted by topic, partition and start, with touching or overlapping ranges joined. */
final class OffsetRanges {
    private static final Comparator<OffsetRange> ORDER = Comparator.comparing(OffsetRange::topic)
            .thenComparingInt(OffsetRange::partition).thenComparingLong(OffsetRange::fromInclusive);

    private OffsetRanges() {
    }

    static List<OffsetRange> merge(List<OffsetRange> ranges) {
        List<OffsetRange> sorted = new ArrayList<>(ranges);
        sorted.sort(ORDER);
        List<OffsetRange> out = new ArrayList<>();
        for (OffsetRange r : sorted) {
            OffsetRange last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.topic().equals(r.topic()) && last.partition() == r.partition()
                    && r.fromInclusive() <= last.toExclusive()) {
                out.set(out.size() - 1, new OffsetRange(last.topic(), last.partition(), last.fromInclusive(),
                        Math.max(last.toExclusive(), r.toExclusive())));
            } else {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }
}
