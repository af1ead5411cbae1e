package io.metastream.domain.paired;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromotionPolicyTest {
    static final PromotionPolicy POLICY = new PromotionPolicy(0.01, 0.10);

    static Optional<PairedComparison> against(double low, double high, long negative, long queries) {
        double delta = (low + high) / 2;
        return Optional.of(new PairedComparison(PairedComparison.PRODUCTION, "v1",
                new PairedFigures(delta, (high - low) / 4, low, high, negative, 0, queries, 40)));
    }

    @Test
    void passesWhenTheWholeIntervalIsAboveTheMarginAndFewAnswersBreak() {
        var v = POLICY.judge(Optional.of("v1"), against(0.02, 0.06, 30, 1000));
        assertThat(v.passed()).isTrue();
        assertThat(v.explanation()).contains("vs production v1");
    }

    @Test
    void refusesAnIntervalThatStraddlesTheMargin() {
        var v = POLICY.judge(Optional.of("v1"), against(0.005, 0.06, 30, 1000));
        assertThat(v.passed()).isFalse();
        assertThat(v.refusal()).contains(PromotionPolicy.Refusal.BELOW_MARGIN);
        assertThat(v.explanation()).contains("lower end 0.0050").contains("margin 0.0100");
    }

    @Test
    void refusesTooManyNegativeFlipsEvenWhenBetterOnAverage() {
        var v = POLICY.judge(Optional.of("v1"), against(0.02, 0.06, 101, 1000));
        assertThat(v.refusal()).contains(PromotionPolicy.Refusal.TOO_MANY_NEGATIVE_FLIPS);
        assertThat(POLICY.judge(Optional.of("v1"), against(0.02, 0.06, 100, 1000)).passed()).isTrue();
    }

    @Test
    void aReferenceWithoutComparableOutcomesDoesNotPass() {
        var v = POLICY.judge(Optional.of("v1"), Optional.empty());
        assertThat(v.refusal()).contains(PromotionPolicy.Refusal.NOT_COMPARABLE);
    }

    @Test
    void withNoReferenceAtAllTheFirstPromotionPasses() {
        var v = POLICY.judge(Optional.empty(), Optional.empty());
        assertThat(v.passed()).isTrue();
        assertThat(v.explanation()).contains("nothing to beat");
    }

    /** Production v1's adapters ported: two personas, 10 correct answers each, losing {@code lostA} and 0. */
    static Optional<PortabilityReport> ported(String production, int lostA) {
        List<Boolean> prod = new ArrayList<>();
        List<Boolean> lossy = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            prod.add(i < 10);
            lossy.add(i < 10 - lostA);
        }
        var summary = PortabilityVerdict.defaults().summarize(List.of(
                new PortabilityVerdict.Outcomes("a", prod, Optional.of(lossy)),
                new PortabilityVerdict.Outcomes("b", prod, Optional.of(prod))));
        return Optional.of(PortabilityReport.of(production, summary, Map.of()));
    }

    @Test
    void portedLossCheckIsOffByDefault() {
        assertThat(POLICY.checksPortedAdapters()).isFalse();
        assertThat(POLICY.judge(Optional.of("v1"), against(0.02, 0.06, 30, 1000), ported("v1", 10)).passed())
                .isTrue();
    }

    @Test
    void refusesACandidateWhosePortedAdaptersLoseMoreThanTheShare() {
        PromotionPolicy strict = new PromotionPolicy(0.01, 0.10, 0.10);
        var v = strict.judge(Optional.of("v1"), against(0.02, 0.06, 30, 1000), ported("v1", 3));
        assertThat(v.refusal()).contains(PromotionPolicy.Refusal.PORTED_ADAPTERS_LOSE_ANSWERS);
        assertThat(v.explanation()).contains("lose 3 of 20 correct answers").contains("0.1500")
                .contains("1 of 2 personas need re-adapting");
    }

    @Test
    void passesWhenPortedAdaptersLoseAtMostTheShare() {
        PromotionPolicy strict = new PromotionPolicy(0.01, 0.10, 0.10);
        var v = strict.judge(Optional.of("v1"), against(0.02, 0.06, 30, 1000), ported("v1", 2));
        assertThat(v.passed()).isTrue();
        assertThat(v.explanation()).contains("ported adapters lose 0.1000");
    }

    @Test
    void portedFiguresAgainstAnotherProductionAreNotJudged() {
        PromotionPolicy strict = new PromotionPolicy(0.01, 0.10, 0.0);
        var v = strict.judge(Optional.of("v2"), against(0.02, 0.06, 30, 1000), ported("v1", 10));
        assertThat(v.passed()).isTrue();
        assertThat(v.explanation()).contains("no adapters of v2 were ported");
    }

    @Test
    void rejectsAShareOutsideTheUnitInterval() {
        assertThatThrownBy(() -> new PromotionPolicy(0, 0.1, 1.5)).hasMessageContaining("[0, 1]");
    }
}
