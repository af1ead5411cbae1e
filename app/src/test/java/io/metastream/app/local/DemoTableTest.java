package io.metastream.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.control.StatusView;
import io.metastream.control.StatusView.VersionRow;
import io.metastream.domain.Algorithm;
import io.metastream.domain.paired.PairedComparison;
import io.metastream.domain.paired.PairedFigures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoTableTest {

    private static VersionRow row(String version, PairedFigures f, boolean passed) {
        return new VersionRow(version, null, Algorithm.LORA_ML, "a".repeat(64), Instant.EPOCH, "set", 0.40, 0.05, 0.30,
                new PairedFigures(0.10, 0.02, 0.06, 0.14, 1, 9, 80, 8), null, f == null ? null : new PairedComparison(PairedComparison.BASE, "base", f), passed, false);
    }

    @Test
    void showsTheDifferenceToTheReferenceWithItsIntervalFlipsAndWhenZeroIsInside() {
        StatusView status = new StatusView(null, null, 0.0, 0.1, List.of(
                row("v1", new PairedFigures(0.031, 0.02, -0.012, 0.074, 12, 30, 480, 8), false),
                row("v2", new PairedFigures(0.08, 0.01, 0.058, 0.102, 2, 40, 480, 8), true),
                row("v3", null, false)), List.of(), List.of());

        String table = DemoTable.render(status);

        assertThat(table).contains("Δ vs reference [95% CI]").contains("flips -/+");
        assertThat(table).containsPattern("v1 .*\\+3\\.1 \\[-1\\.2, \\+7\\.4\\] base, 0 inside +12/30 +fail");
        assertThat(table).containsPattern("v2 .*\\+8\\.0 \\[\\+5\\.8, \\+10\\.2\\] base +2/40 +pass");
        assertThat(table).containsPattern("v3 .* - +- +fail");
        assertThat(table).contains("zero-shot, gain [95% CI]")
                .containsPattern("v1 .*30\\.0% \\+10\\.0 \\[\\+6\\.0, \\+14\\.0\\]");
        assertThat(table).contains("gate: interval's lower end > +0.0 pts, negative flips ≤ 10%");
    }

    @Test
    void showsProductionsPortedAdaptersUnderTheVersionThatPortedThemAndTheKnob() {
        var report = io.metastream.domain.paired.PortabilityReport.of("v1",
                io.metastream.domain.paired.PortabilityVerdict.defaults().summarize(List.of(
                        new io.metastream.domain.paired.PortabilityVerdict.Outcomes("p1", List.of(true, true),
                                java.util.Optional.of(List.of(true, false))),
                        new io.metastream.domain.paired.PortabilityVerdict.Outcomes("p2", List.of(true, false),
                                java.util.Optional.empty()))), java.util.Map.of("p2", "adapter p2 does not load"));
        VersionRow r = row("v2", null, false);
        VersionRow withPorted = new VersionRow(r.version(), r.parentVersion(), r.algorithm(), r.sha256(),
                r.createdAt(), r.evalSetVersion(), r.hits1Mean(), r.hits1Se(), r.zeroShotHits1(), r.adaptationGain(),
                r.deltaToProduction(), r.paired(), r.passed(), r.production(), report);
        String table = DemoTable.render(new StatusView("v1", null, 0.0, 0.1, List.of(withPorted), List.of(),
                List.of(), 0.2));

        assertThat(table).contains("production v1's adapters ported as they are: hits@1 0.2500 (with v1 0.7500)")
                .contains("lost 2 of 3 correct answers").contains("0 portable, 2 re-adapt: p1, p2")
                .contains("ported adapters lose ≤ 20% of production's answers");
    }
}
