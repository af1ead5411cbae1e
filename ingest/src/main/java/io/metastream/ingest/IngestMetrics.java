package io.metastream.ingest;

import io.metastream.domain.RejectReason;
import io.metastream.domain.Split;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The ingest service's own meters. Tags are bounded enums (reason, split, cause) — never a persona or
 * example id. Every tag value is registered up front so dashboards show zeros instead of "no data".
 * Under exactly-once, an aborted and retried transaction counts its records again: these are processing
 * counts, the topics are the exact record.
 */
public final class IngestMetrics {
    private final Counter consumed;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Map<Split, Counter> emitted = new EnumMap<>(Split.class);
    private final Counter added;
    private final Counter duplicates;
    private final Counter overCapacity;

    public IngestMetrics(MeterRegistry registry) {
        consumed = Counter.builder("metastream.ingest.consumed").baseUnit("records")
                .description("Records read from the conversations topic").register(registry);
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, Counter.builder("metastream.ingest.rejected").baseUnit("records")
                    .description("Records sent to the rejected topic, by reason").tag("reason", r.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry));
        }
        for (Split s : Split.values()) {
            emitted.put(s, Counter.builder("metastream.ingest.emitted").baseUnit("tasks")
                    .description("Persona task revisions published, by split").tag("split", s.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry));
        }
        added = Counter.builder("metastream.ingest.added").baseUnit("examples")
                .description("Valid examples added to a persona's task").register(registry);
        duplicates = dropped(registry, "duplicate");
        overCapacity = dropped(registry, "over_capacity");
    }

    /** Meters that go nowhere, for tests and tools that do not scrape. */
    public static IngestMetrics noop() {
        return new IngestMetrics(new SimpleMeterRegistry());
    }

    private static Counter dropped(MeterRegistry registry, String cause) {
        return Counter.builder("metastream.ingest.dropped").baseUnit("examples")
                .description("Valid examples not added to a task: duplicate = example id already seen, "
                        + "over_capacity = task full (examples or bytes) and the example ranks at or above the cut-off")
                .tag("cause", cause).register(registry);
    }

    void consumed() {
        consumed.increment();
    }

    void rejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    void emitted(Split split) {
        emitted.get(split).increment();
    }

    void added() {
        added.increment();
    }

    /** Examples that reached the accumulator, whatever became of them (added, duplicate, over capacity). */
    public double accumulated() {
        return added.count() + duplicates.count() + overCapacity.count();
    }

    void duplicate() {
        duplicates.increment();
    }

    void overCapacity() {
        overCapacity.increment();
    }
}
