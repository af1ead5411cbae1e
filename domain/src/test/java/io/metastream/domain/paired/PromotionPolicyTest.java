package io.metastream.domain.paired;

import static org.assertj.core.api.Assertions.assertThat;

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
}
