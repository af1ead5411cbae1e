package io.metastream.evaluator;

import static io.metastream.evaluator.HeldOut.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.Evaluation;
import io.metastream.domain.paired.PairedComparison;
import io.metastream.domain.paired.PromotionPolicy;
import io.metastream.learning.api.AdaptationResult;
import io.metastream.learning.api.QueryOutcomes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GateTest {
    private static final String SHA = "a".repeat(64);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final EvaluationSet set = EvaluationSet.freeze(List.of(task("p1", 0), task("p2", 0), task("p3", 0)), 3);
    private final Gate gate = new Gate(new PromotionPolicy(0.01, 0.10));

    /** Per task: 20 queries, the first {@code right[task]} right (seed 1). */
    private static AdaptationResult result(int... right) {
        List<QueryOutcomes> outcomes = new ArrayList<>();
        double sum = 0;
        for (int t = 0; t < right.length; t++) {
            List<Boolean> bits = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                bits.add(i < right[t]);
            }
            outcomes.add(new QueryOutcomes("p" + (t + 1) + "~held-out", 1, bits, List.of()));
            sum += right[t] / 20.0;
        }
        double hits = sum / right.length;
        return new AdaptationResult(hits, 0.01, hits, 0.05, Map.of("p1~held-out", hits, "p2~held-out", hits,
                "p3~held-out", hits), outcomes);
    }

    private Evaluation evaluated(String version, AdaptationResult r) {
        return gate.judge(version, SHA, set, r, Optional.empty(), Optional.empty(), Optional.empty(), NOW)
                .orElseThrow();
    }

    @Test
    void theEvaluationCarriesItsPairedAdaptationGainAgainstItsOwnZeroShotScores() {
        // 3 personas x 20 queries: zero-shot gets the first 4 right, after adaptation the first 6, 8 and 10
        List<QueryOutcomes> outcomes = new ArrayList<>();
        int[] after = {6, 8, 10};
        for (int t = 0; t < 3; t++) {
            List<Boolean> bits = new ArrayList<>();
            List<Boolean> zero = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                bits.add(i < after[t]);
                zero.add(i < 4);
            }
            outcomes.add(new QueryOutcomes("p" + (t + 1) + "~held-out", 1, bits, zero));
        }
        AdaptationResult r = new AdaptationResult(0.4, 0.05, 0.5, 0.2, Map.of("p1~held-out", 0.3, "p2~held-out",
                0.4, "p3~held-out", 0.5), outcomes);
        Evaluation e = evaluated("v1", r);
        PairedComparison gain = e.comparison(PairedComparison.ZERO_SHOT).orElseThrow();
        assertThat(gain.referenceVersion()).isEqualTo("v1");
        assertThat(gain.figures().delta()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gain.figures().positiveFlips()).isEqualTo(2 + 4 + 6);
        assertThat(gain.figures().negativeFlips()).isZero();
        // without zero-shot outcomes there is no gain to state
        assertThat(evaluated("v2", result(4, 4, 4)).comparison(PairedComparison.ZERO_SHOT)).isEmpty();
    }

    @Test
    void passesWhenTheWholeIntervalAgainstProductionIsAboveTheMargin() {
        Evaluation production = evaluated("v1", result(8, 9, 10));
        Evaluation e = gate.judge("v2", SHA, set, result(12, 12, 14), Optional.of("v1"), Optional.of(production),
                Optional.empty(), NOW).orElseThrow();
        PairedComparison c = e.comparison(PairedComparison.PRODUCTION).orElseThrow();
        assertThat(c.referenceVersion()).isEqualTo("v1");
        assertThat(c.figures().delta()).isCloseTo((4 + 3 + 4) / 60.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(c.figures().positiveFlips()).isEqualTo(11);
        assertThat(c.figures().ciLow()).isGreaterThan(0.01);
        assertThat(e.passed()).isTrue();
        assertThat(e.outcomes()).hasSize(3);
        assertThat(e.verdict()).startsWith("passes");
    }

    @Test
    void withThePortedLossKnobOnACandidateThatBreaksProductionsAdaptersIsRefusedAndTheRecordCarriesTheFigures() {
        Evaluation production = evaluated("v1", result(8, 9, 10));
        List<Boolean> prod = new ArrayList<>();
        List<Boolean> lossy = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            prod.add(i < 10);
            lossy.add(i < 5);
        }
        var summary = io.metastream.domain.paired.PortabilityVerdict.defaults().summarize(List.of(
                new io.metastream.domain.paired.PortabilityVerdict.Outcomes("p1~held-out", prod, Optional.of(lossy)),
                new io.metastream.domain.paired.PortabilityVerdict.Outcomes("p2~held-out", prod, Optional.of(prod))));
        var ported = Optional.of(io.metastream.domain.paired.PortabilityReport.of("v1", summary, Map.of()));
        var kept = Optional.of(new io.metastream.domain.paired.KeptAdapters("b".repeat(64), 1, 3));
        Gate strict = new Gate(new PromotionPolicy(0.01, 0.10, 0.2));
        Evaluation refused = strict.judge("v2", SHA, set, result(12, 12, 14), Optional.of("v1"),
                Optional.of(production), Optional.empty(), NOW, kept, ported).orElseThrow();
        assertThat(refused.passed()).isFalse();
        assertThat(refused.verdict()).contains("lose 5 of 20 correct answers");
        assertThat(refused.portability()).isEqualTo(ported.get());
        assertThat(refused.adapters()).isEqualTo(kept.get());
        Evaluation off = gate.judge("v2", SHA, set, result(12, 12, 14), Optional.of("v1"), Optional.of(production),
                Optional.empty(), NOW, kept, ported).orElseThrow();
        assertThat(off.passed()).isTrue();
    }

    @Test
    void refusesWhenTheIntervalStraddlesTheMarginThoughTheMeanIsHigher() {
        Evaluation production = evaluated("v1", result(8, 9, 10));
        // better on average (+5 of 60), but one persona worse: the interval reaches below the margin
        Evaluation e = gate.judge("v2", SHA, set, result(14, 11, 7), Optional.of("v1"), Optional.of(production),
                Optional.empty(), NOW).orElseThrow();
        assertThat(e.deltaToProduction()).isPositive();
        assertThat(e.passed()).isFalse();
        assertThat(e.verdict()).contains("does not exceed the margin");
    }

    @Test
    void withoutProductionTheBaseIsTheReference() {
        Evaluation base = gate.judge(EvaluatorLoop.BASE_VERSION, SHA, set, result(5, 5, 5), Optional.empty(),
                Optional.empty(), Optional.empty(), NOW).orElseThrow();
        assertThat(base.passed()).isFalse();
        Evaluation better = gate.judge("v1", SHA, set, result(9, 9, 10), Optional.empty(), Optional.empty(),
                Optional.of(base), NOW).orElseThrow();
        assertThat(better.comparison(PairedComparison.BASE)).isPresent();
        assertThat(better.comparison(PairedComparison.PRODUCTION)).isEmpty();
        assertThat(better.passed()).isTrue();
        Evaluation same = gate.judge("v1", SHA, set, result(5, 5, 5), Optional.empty(), Optional.empty(),
                Optional.of(base), NOW).orElseThrow();
        assertThat(same.passed()).isFalse();
    }

    @Test
    void firstCheckpointWithNoReferenceAtAllPassesAndSaysSo() {
        Evaluation e = evaluated("v0001", result(4, 4, 4));
        assertThat(e.passed()).isTrue();
        assertThat(e.verdict()).contains("nothing to beat");
        assertThat(e.deltaToProduction()).isNull();
        assertThat(e.perPersonaHits1()).containsOnlyKeys("p1", "p2", "p3");
    }

    @Test
    void productionWithoutComparableOutcomesFailsTheGate() {
        Evaluation withoutOutcomes = new Evaluation("v1", SHA, set.evalSetVersion(), 0.1, 0.01, 0.1, 0.05, Map.of(),
                null, null, true, NOW);
        assertThat(gate.judge("v2", SHA, set, result(19, 19, 19), Optional.of("v1"), Optional.of(withoutOutcomes),
                Optional.empty(), NOW).orElseThrow().passed()).isFalse();
        Evaluation otherSet = new Evaluation("v1", SHA, "another-set", 0.1, 0.01, 0.1, 0.05, Map.of(), null, null,
                true, NOW, evaluated("v1", result(1, 1, 1)).outcomes(), List.of(), null);
        assertThat(gate.judge("v2", SHA, set, result(19, 19, 19), Optional.of("v1"), Optional.of(otherSet),
                Optional.empty(), NOW).orElseThrow().verdict()).contains("no paired outcomes");
    }

    @Test
    void nonFiniteOrOutOfRangeScoresGiveNoEvaluation() {
        for (AdaptationResult bad : List.of(new AdaptationResult(Double.NaN, 0.1, 0.5, 0.1, Map.of(), List.of()),
                new AdaptationResult(1.5, 0.1, 0.5, 0.1, Map.of(), List.of()),
                new AdaptationResult(0.5, Double.POSITIVE_INFINITY, 0.5, 0.1, Map.of(), List.of()),
                new AdaptationResult(0.5, 0.1, 0.5, 0.1, Map.of("p1~held-out", Double.NaN), List.of()))) {
            assertThat(gate.judge("v1", SHA, set, bad, Optional.empty(), Optional.empty(), Optional.empty(), NOW))
                    .isEmpty();
        }
    }
}
