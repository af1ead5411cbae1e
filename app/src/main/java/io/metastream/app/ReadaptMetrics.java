package io.metastream.app;

import io.metastream.learning.adapt.AdapterLineage;
import io.metastream.learning.adapt.Readaptation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The meters of {@code readapt --follow} (service {@code readapt}). Tags are bounded enums (status, outcome, when);
 * the one version tag is on an info gauge that has a single series at a time. Figures of "the last run" are NaN
 * until a re-adaptation has finished.
 */
final class ReadaptMetrics {
    /** What became of one re-adaptation onto a new production. */
    enum Outcome { COMPLETE, INCOMPLETE, ERROR }

    private final Map<Outcome, Counter> runs = new EnumMap<>(Outcome.class);
    private final Map<Readaptation.Status, AtomicReference<Double>> personas =
            new EnumMap<>(Readaptation.Status.class);
    private final AtomicReference<Double> progress = new AtomicReference<>(Double.NaN);
    private final AtomicReference<Double> before = new AtomicReference<>(Double.NaN);
    private final AtomicReference<Double> after = new AtomicReference<>(Double.NaN);
    private final AtomicReference<Double> lastRunSeconds = new AtomicReference<>(Double.NaN);
    private final MultiGauge followedInfo;
    private volatile String production;
    private volatile String followed;

    ReadaptMetrics(MeterRegistry registry) {
        for (Outcome o : Outcome.values()) {
            runs.put(o, Counter.builder("metastream.readapt.runs")
                    .description("Re-adaptations onto a new production, by outcome: complete (every persona has an "
                            + "adapter for it), incomplete (one was skipped or failed), error (nothing re-adapted: "
                            + "e.g. its base is missing or corrupt)")
                    .tag("outcome", o.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        for (Readaptation.Status s : Readaptation.Status.values()) {
            AtomicReference<Double> n = new AtomicReference<>(Double.NaN);
            personas.put(s, n);
            Gauge.builder("metastream.readapt.personas", n, AtomicReference::get)
                    .description("Registered personas of the last re-adaptation, by status (readapted, already_done,"
                            + " skipped: a bad registration, failed)")
                    .tag("status", status(s)).register(registry);
        }
        Gauge.builder("metastream.readapt.progress", progress, AtomicReference::get)
                .description("Personas done over personas to do in the running (else the last) re-adaptation")
                .baseUnit("ratio").register(registry);
        Gauge.builder("metastream.readapt.hits1", before, AtomicReference::get)
                .description("Mean hits@1 over the last re-adaptation's personas that have it: before = the old "
                        + "adapter ported unchanged onto the new base").baseUnit("ratio").tag("when", "before")
                .register(registry);
        Gauge.builder("metastream.readapt.hits1", after, AtomicReference::get)
                .description("Mean hits@1 over the last re-adaptation's personas that have it: after = re-adapted")
                .baseUnit("ratio").tag("when", "after").register(registry);
        TimeGauge.builder("metastream.readapt.last.run.duration", lastRunSeconds, TimeUnit.SECONDS,
                AtomicReference::get).description("Wall time of the last re-adaptation that ran").register(registry);
        followedInfo = MultiGauge.builder("metastream.readapt.followed.info")
                .description("1 for the version whose re-adapted registry is complete (FOLLOWED)").register(registry);
        Gauge.builder("metastream.readapt.in.sync", this, ReadaptMetrics::inSync)
                .description("1 when the complete registry is production's, 0 while behind (re-adapting, or the "
                        + "last run incomplete or failed); NaN until the production pointer names a version")
                .register(registry);
    }

    /** The metric tag of a status; a rejected registration is reported as skipped, as the CLI says. */
    static String status(Readaptation.Status s) {
        return s == Readaptation.Status.REJECTED ? "skipped" : s.name().toLowerCase(Locale.ROOT);
    }

    /** Feeds the progress gauge from a running re-adaptation. */
    Readaptation.Listener listener() {
        return new Readaptation.Listener() {
            @Override
            public void started(int toDo, int alreadyDone, int rejected) {
                progress.set(toDo == 0 ? 1.0 : 0.0);
            }

            @Override
            public void finished(int done, int toDo, Readaptation.PersonaResult result) {
                progress.set((double) done / toDo);
            }
        };
    }

    /** The production pointer names {@code version}. */
    void production(String version) {
        production = version;
    }

    /** {@code version}'s re-adapted registry is complete. */
    void followed(String version) {
        followed = version;
        followedInfo.register(List.of(MultiGauge.Row.of(Tags.of("version", version), 1)), true);
    }

    /** A re-adaptation ran to its end, every persona with its result. */
    void ran(Readaptation.Summary s, Duration took) {
        for (Readaptation.Status status : Readaptation.Status.values()) {
            personas.get(status).set((double) s.personas().stream().filter(r -> r.status() == status).count());
        }
        before.set(mean(s, AdapterLineage::beforeHits1));
        after.set(mean(s, AdapterLineage::afterHits1));
        lastRunSeconds.set(took.toNanos() / 1e9);
        runs.get(s.rejected() + s.failed() == 0 ? Outcome.COMPLETE : Outcome.INCOMPLETE).increment();
    }

    /** A re-adaptation stopped before any persona's result. */
    void error() {
        runs.get(Outcome.ERROR).increment();
    }

    private double inSync() {
        String p = production;
        return p == null ? Double.NaN : Objects.equals(p, followed) ? 1 : 0;
    }

    private static double mean(Readaptation.Summary s, Function<AdapterLineage, Double> figure) {
        return s.personas().stream().flatMap(r -> r.lineage().stream()).map(figure).filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
