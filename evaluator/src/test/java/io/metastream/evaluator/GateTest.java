package io.metastream.evaluator;

import static io.metastream.evaluator.HeldOut.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.Evaluation;
import io.metastream.learning.api.AdaptationResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class GateTest {
    private static final String SHA = "a".repeat(64);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final EvaluationSet set = EvaluationSet.freeze(List.of(task("p1", 0), task("p2", 0)), 2);

    private static AdaptationResult result(double hits1) {
        return new AdaptationResult(hits1, 0.01, Math.min(1, hits1 + 0.1), 0.05,
                Map.of("p1~held-out", hits1, "p2~held-out", hits1));
    }

    private Evaluation productionScore(double hits1, String evalSetVersion) {
        return new Evaluation("v0001", SHA, evalSetVersion, hits1, 0.01, hits1, 0.05, Map.of(), null, null, true, NOW);
    }

    @Property
    void passesExactlyWhenTheGainOverProductionReachesTheMargin(@ForAll @DoubleRange(min = 0, max = 1) double mine,
            @ForAll @DoubleRange(min = 0, max = 1) double theirs, @ForAll @DoubleRange(min = -0.2, max = 0.2) double margin) {
        Evaluation e = new Gate(margin).judge("v0002", SHA, set, result(mine), Optional.of("v0001"),
                Optional.of(productionScore(theirs, set.evalSetVersion())), NOW).orElseThrow();
        assertThat(e.deltaToProduction()).isEqualTo(mine - theirs);
        assertThat(e.passed()).isEqualTo(mine - theirs >= margin);
        assertThat(e.productionVersion()).isEqualTo("v0001");
    }

    @Test
    void firstCheckpointWithoutProductionPassesWithNoDelta() {
        Evaluation e = new Gate(0.0).judge("v0001", SHA, set, result(0.2), Optional.empty(), Optional.empty(), NOW)
                .orElseThrow();
        assertThat(e.passed()).isTrue();
        assertThat(e.deltaToProduction()).isNull();
        assertThat(e.productionVersion()).isNull();
        assertThat(e.perPersonaHits1()).containsOnlyKeys("p1", "p2");
        assertThat(e.evalSetVersion()).isEqualTo(set.evalSetVersion());
    }

    @Test
    void productionWithoutAComparableEvaluationFailsTheGate() {
        Gate gate = new Gate(0.0);
        assertThat(gate.judge("v2", SHA, set, result(0.9), Optional.of("v1"), Optional.empty(), NOW).orElseThrow()
                .passed()).isFalse();
        assertThat(gate.judge("v2", SHA, set, result(0.9), Optional.of("v1"),
                Optional.of(productionScore(0.1, "another-set")), NOW).orElseThrow().passed()).isFalse();
    }

    @Test
    void nonFiniteOrOutOfRangeScoresGiveNoEvaluation() {
        Gate gate = new Gate(0.0);
        for (AdaptationResult bad : List.of(result(Double.NaN), result(1.5),
                new AdaptationResult(0.5, Double.POSITIVE_INFINITY, 0.5, 0.1, Map.of()),
                new AdaptationResult(0.5, 0.1, 0.5, 0.1, Map.of("p1~held-out", Double.NaN)))) {
            assertThat(gate.judge("v1", SHA, set, bad, Optional.empty(), Optional.empty(), NOW)).isEmpty();
        }
    }
}
