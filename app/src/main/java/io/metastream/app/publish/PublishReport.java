package io.metastream.app.publish;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a publish run did.
 *
 * @param published examples acknowledged by the broker
 * @param rejected  examples not published, counted by reason (reading problems and send failures)
 */
public record PublishReport(long published, Map<String, Long> rejected) {

    public PublishReport {
        if (published < 0) {
            throw new IllegalArgumentException("published must not be negative, was " + published);
        }
        rejected = Map.copyOf(rejected);
        if (rejected.values().stream().anyMatch(n -> n == null || n < 1)) {
            throw new IllegalArgumentException("rejected counts must be positive: " + rejected);
        }
    }

    public long totalRejected() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    /** This report plus rejections found elsewhere (e.g. while reading the source). */
    public PublishReport withRejected(Map<String, Long> more) {
        Map<String, Long> merged = new TreeMap<>(rejected);
        more.forEach((reason, n) -> merged.merge(reason, n, Long::sum));
        return new PublishReport(published, merged);
    }

    /** Reasons by count, most frequent first, for printing. */
    public Map<String, Long> rejectedByCount() {
        Map<String, Long> sorted = new java.util.LinkedHashMap<>();
        rejected.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
