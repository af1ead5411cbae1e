package io.metastream.app.publish;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a publish run did.
 *
 * @param published    examples acknowledged by the broker
 * @param failedSends  examples the broker did not take, counted by error type
 * @param skippedInput malformed inputs skipped while reading ({@code --on-error skip}), counted by reason
 */
public record PublishReport(long published, Map<String, Long> failedSends, Map<String, Long> skippedInput) {

    public PublishReport {
        if (published < 0) {
            throw new IllegalArgumentException("published must not be negative, was " + published);
        }
        failedSends = positiveCounts(failedSends, "failedSends");
        skippedInput = positiveCounts(skippedInput, "skippedInput");
    }

    public PublishReport(long published, Map<String, Long> failedSends) {
        this(published, failedSends, Map.of());
    }

    private static Map<String, Long> positiveCounts(Map<String, Long> counts, String name) {
        Map<String, Long> copy = Map.copyOf(counts);
        if (copy.values().stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException(name + " counts must be positive: " + copy);
        }
        return copy;
    }

    public long totalFailedSends() {
        return failedSends.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Everything not published: failed sends plus skipped input. */
    public long totalRejected() {
        return totalFailedSends() + skippedInput.values().stream().mapToLong(Long::longValue).sum();
    }

    /** This report with the reading problems of its source. */
    public PublishReport withSkippedInput(Map<String, Long> skipped) {
        Map<String, Long> merged = new TreeMap<>(skippedInput);
        skipped.forEach((reason, n) -> merged.merge(reason, n, Long::sum));
        return new PublishReport(published, failedSends, merged);
    }

    /** All rejection reasons, most frequent first, send failures and skipped input together, for printing. */
    public Map<String, Long> rejectedByCount() {
        Map<String, Long> all = new TreeMap<>();
        failedSends.forEach((reason, n) -> all.merge("not sent: " + reason, n, Long::sum));
        skippedInput.forEach((reason, n) -> all.merge("skipped: " + reason, n, Long::sum));
        Map<String, Long> sorted = new LinkedHashMap<>();
        all.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
