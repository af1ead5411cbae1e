package io.metastream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.metastream.learning.adapt.AdapterLineage;
import io.metastream.learning.adapt.Readaptation;
import io.metastream.learning.adapt.Readaptation.PersonaResult;
import io.metastream.learning.adapt.Readaptation.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The follower's figures: last run by status, mean hits@1 of the personas that have it, outcomes, sync. */
class ReadaptMetricsTest {
    private static final String SHA = "a".repeat(64);
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final ReadaptMetrics metrics = new ReadaptMetrics(registry);

    private static PersonaResult result(String name, Status status, Double before, Double after) {
        Optional<AdapterLineage> lineage = status == Status.READAPTED || status == Status.ALREADY_DONE
                ? Optional.of(new AdapterLineage(name, SHA, SHA, SHA, SHA, null, AdapterLineage.ON_SUPPORT, 4,
                        before, before == null ? "the old adapter does not load on the new base" : null, after,
                        Map.of()))
                : Optional.empty();
        return new PersonaResult(name, status, lineage, lineage.isPresent() ? "" : "why");
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    private double runs(String outcome) {
        return registry.get("metastream.readapt.runs").tag("outcome", outcome).counter().count();
    }

    @Test
    void anIncompleteRunReportsEveryStatusAndAveragesOnlyThePersonasThatHaveTheFigure() {
        assertThat(gauge("metastream.readapt.personas", "status", "readapted")).isNaN();
        assertThat(gauge("metastream.readapt.in.sync")).isNaN();
        metrics.production("v2");
        Readaptation.Listener listener = metrics.listener();
        listener.started(3, 1, 1);
        listener.finished(1, 3, result("a", Status.READAPTED, 0.2, 0.6));
        assertThat(gauge("metastream.readapt.progress")).isEqualTo(1.0 / 3);

        List<PersonaResult> all = List.of(result("a", Status.READAPTED, 0.2, 0.6),
                result("b", Status.READAPTED, null, 0.8), result("c", Status.ALREADY_DONE, 0.4, 0.7),
                result("d", Status.FAILED, null, null), result("e", Status.REJECTED, null, null));
        metrics.ran(new Readaptation.Summary(all, 2, 1, 1, 1), Duration.ofMillis(2500));

        assertThat(gauge("metastream.readapt.personas", "status", "readapted")).isEqualTo(2);
        assertThat(gauge("metastream.readapt.personas", "status", "already_done")).isEqualTo(1);
        assertThat(gauge("metastream.readapt.personas", "status", "skipped")).isEqualTo(1);
        assertThat(gauge("metastream.readapt.personas", "status", "failed")).isEqualTo(1);
        assertThat(gauge("metastream.readapt.hits1", "when", "before")).isCloseTo(0.3, within(1e-12));
        assertThat(gauge("metastream.readapt.hits1", "when", "after")).isCloseTo(0.7, within(1e-12));
        assertThat(registry.get("metastream.readapt.last.run.duration").timeGauge().value(TimeUnit.SECONDS))
                .isEqualTo(2.5);
        assertThat(runs("incomplete")).isEqualTo(1);
        assertThat(runs("complete")).isZero();
        assertThat(gauge("metastream.readapt.in.sync")).isZero();
    }

    @Test
    void theFollowedVersionHasOneInfoSeriesAndSyncFollowsProduction() {
        metrics.production("v1");
        metrics.followed("v1");
        assertThat(gauge("metastream.readapt.in.sync")).isEqualTo(1);
        metrics.production("v2");
        metrics.error();
        assertThat(gauge("metastream.readapt.in.sync")).isZero();
        assertThat(runs("error")).isEqualTo(1);
        metrics.followed("v2");

        assertThat(registry.find("metastream.readapt.followed.info").gauges()).singleElement()
                .satisfies(g -> assertThat(g.getId().getTag("version")).isEqualTo("v2"));
        assertThat(gauge("metastream.readapt.in.sync")).isEqualTo(1);
    }

    @Test
    void nothingToDoIsFullProgress() {
        metrics.listener().started(0, 4, 0);
        assertThat(gauge("metastream.readapt.progress")).isEqualTo(1);
    }
}
