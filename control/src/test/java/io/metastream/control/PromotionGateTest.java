package io.metastream.control;

import io.metastream.domain.paired.PromotionPolicy;

import static io.metastream.control.Fixtures.accepted;
import static io.metastream.control.Fixtures.checkpoint;
import static io.metastream.control.Fixtures.evaluation;
import static io.metastream.control.Fixtures.sha;
import static io.metastream.control.Fixtures.withProduction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static io.metastream.control.ArtifactCheck.NONE;

import io.metastream.domain.DomainValidationException;
import io.metastream.domain.Evaluation;
import io.metastream.domain.PromotionDecision.Action;
import io.metastream.domain.PromotionDecision.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PromotionGateTest {
    private final PromotionGate gate = new PromotionGate(new PromotionPolicy(0.0, 0.10));

    private static PromotionRequest promote(String version) {
        return new PromotionRequest(version, "better on held-out personas", false);
    }

    private static PromotionRequest force(String version) {
        return new PromotionRequest(version, "incident 42: evaluator down, hotfix base", true);
    }

    @Test
    void acceptsFirstPromotionOfAPassingVersionAndRecordsItsDigests() {
        ControlState state = ControlState.EMPTY.withCheckpoint(checkpoint("v1")).withEvaluation(evaluation("v1", 0.3, true));

        Verdict v = gate.promote(state, promote("v1"), NONE);

        assertThat(v.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(v.forced()).isFalse();
        assertThat(v.refusal()).isNull();
        assertThat(v.refusalCode()).isNull();
        assertThat(v.previousVersion()).isNull();
        assertThat(v.artifactSha256()).isEqualTo(sha("v1"));
        assertThat(v.evaluationDigest()).isEqualTo(evaluation("v1", 0.3, true).digest());
    }

    @Test
    void refusesUnknownVersionEvenWhenForced() {
        ControlState state = withProduction("v1", 0.3);

        for (PromotionRequest r : new PromotionRequest[] {promote("v9"), force("v9")}) {
            Verdict v = gate.promote(state, r, NONE);
            assertThat(v.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(v.forced()).isFalse();
            assertThat(v.refusal()).contains("unknown version v9");
            assertThat(v.refusalCode()).isEqualTo(Refusal.UNKNOWN_VERSION);
            assertThat(v.artifactSha256()).isNull();
            assertThat(v.previousVersion()).isEqualTo("v1");
        }
    }

    @Test
    void refusesVersionWithoutEvaluationEvenWhenForced() {
        ControlState state = withProduction("v1", 0.3, "v2");

        assertThat(gate.promote(state, promote("v2"), NONE).refusal()).contains("v2 has no evaluation yet");
        Verdict forced = gate.promote(state, force("v2"), NONE);
        assertThat(forced.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(forced.refusal()).contains("force cannot");
        assertThat(forced.refusalCode()).isEqualTo(Refusal.NO_EVALUATION);
        assertThat(forced.artifactSha256()).isEqualTo(sha("v2"));
    }

    @Test
    void refusesEvaluationOfAnotherArtifactEvenWhenForced() {
        ControlState state = withProduction("v1", 0.3, "v2").withEvaluation(Fixtures.evaluationOfOtherArtifact("v2", 0.9));

        for (PromotionRequest r : new PromotionRequest[] {promote("v2"), force("v2")}) {
            Verdict v = gate.promote(state, r, NONE);
            assertThat(v.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(v.refusal()).contains("artifact digest mismatch").contains(sha("v2"));
            assertThat(v.refusalCode()).isEqualTo(Refusal.DIGEST_MISMATCH);
        }
    }

    @Test
    void decidesAgainstTheProductionOfThisMomentNotTheEvaluatorsEarlierVerdict() {
        // the evaluator judged v2 against an older production; paired against v1 it is clearly better
        ControlState state = withProduction("v1", 0.3, "v2").withEvaluation(evaluation("v2", 0.6, false));

        Verdict v = gate.promote(state, promote("v2"), NONE);

        assertThat(v.accepted()).isTrue();
        assertThat(v.paired().referenceVersion()).isEqualTo("v1");
        assertThat(v.paired().figures().delta()).isCloseTo(0.3, within(1e-9));
        assertThat(v.paired().figures().positiveFlips()).isEqualTo(90);
        assertThat(v.evaluationDigest()).isEqualTo(evaluation("v2", 0.6, false).digest());
    }

    @Test
    void refusesAWorseVersionWithThePairedFigures() {
        ControlState state = withProduction("v1", 0.3, "v2").withEvaluation(evaluation("v2", 0.2, true));

        Verdict v = gate.promote(state, promote("v2"), NONE);

        assertThat(v.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(v.refusal()).contains("does not exceed the margin").contains("vs production v1").contains("force");
        assertThat(v.refusalCode()).isEqualTo(Refusal.BELOW_MARGIN);
        assertThat(v.paired().figures().negativeFlips()).isEqualTo(30);
    }

    @Test
    void refusesTooManyNegativeFlipsThoughTheIntervalIsAboveTheMargin() {
        // v2 is right on 40 more queries per persona but wrong on 15 that v1 gets right
        ControlState state = withProduction("v1", 0.3, "v2");
        Evaluation shifted = new Evaluation("v2", sha("v2"), Fixtures.EVAL_SET, 0.55, 0.01, 0.6, 0.05, Map.of(), null,
                null, true, Fixtures.T0.plusSeconds(90), shiftedOutcomes(15, 70), List.of(), null);

        Verdict v = gate.promote(state.withEvaluation(shifted), promote("v2"), NONE);

        assertThat(v.refusalCode()).isEqualTo(Refusal.TOO_MANY_NEGATIVE_FLIPS);
        assertThat(v.refusal()).contains("negative-flip rate 0.1500 exceeds the maximum 0.1000");
        assertThat(new PromotionGate(new PromotionPolicy(0.0, 0.2)).promote(state.withEvaluation(shifted),
                promote("v2"), NONE).accepted()).isTrue();
    }

    /** Per persona: queries [from, to) right (the reference, 0.3, has [0, 30) right). */
    private static List<io.metastream.domain.paired.OutcomeBits> shiftedOutcomes(int from, int to) {
        List<io.metastream.domain.paired.OutcomeBits> out = new ArrayList<>();
        for (int t = 1; t <= 3; t++) {
            List<Boolean> bits = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                bits.add(i >= from && i < to);
            }
            out.add(io.metastream.domain.paired.OutcomeBits.of("p" + t + "~held-out", 1, bits, List.of()));
        }
        return out;
    }

    @Test
    void beforeTheFirstPromotionTheBaseIsTheReference() {
        ControlState state = ControlState.EMPTY.withCheckpoint(checkpoint("v1"))
                .withEvaluation(evaluation("base", 0.3, false)).withEvaluation(evaluation("v1", 0.3, true));
        Verdict tie = gate.promote(state, promote("v1"), NONE);
        assertThat(tie.refusalCode()).isEqualTo(Refusal.BELOW_MARGIN);
        assertThat(tie.refusal()).contains("vs base base");

        Verdict better = gate.promote(state.withEvaluation(evaluation("v1", 0.35, true, 1, Fixtures.EVAL_SET)),
                promote("v1"), NONE);
        assertThat(better.accepted()).isTrue();
        assertThat(better.paired().reference()).isEqualTo("base");
    }

    @Test
    void aReferenceWithoutStoredOutcomesIsNotComparable() {
        ControlState state = ControlState.EMPTY.withCheckpoint(checkpoint("v1")).withCheckpoint(checkpoint("v2"))
                .withEvaluation(Fixtures.evaluationOfOtherArtifact("v0", 0.1))
                .withEvaluation(new Evaluation("v1", sha("v1"), Fixtures.EVAL_SET, 0.1, 0.01, 0.1, 0.05, Map.of(), null,
                        null, true, Fixtures.T0))
                .withDecision(accepted(Action.PROMOTE, "v1", null)).withEvaluation(evaluation("v2", 0.9, true));

        Verdict v = gate.promote(state, promote("v2"), NONE);
        assertThat(v.refusalCode()).isEqualTo(Refusal.NOT_COMPARABLE);
        assertThat(gate.promote(state, force("v2"), NONE).forced()).isTrue();
    }

    @Test
    void acceptsFailingEvaluationWhenForcedAndMarksItForced() {
        ControlState state = withProduction("v1", 0.3, "v2").withEvaluation(evaluation("v2", 0.1, false));

        Verdict v = gate.promote(state, force("v2"), NONE);

        assertThat(v.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(v.forced()).isTrue();
        assertThat(v.previousVersion()).isEqualTo("v1");
    }

    @Test
    void forceOnAVersionThatPassesAnywayIsNotRecordedAsForced() {
        ControlState state = withProduction("v1", 0.3, "v2").withEvaluation(evaluation("v2", 0.5, true));

        Verdict v = gate.promote(state, force("v2"), NONE);

        assertThat(v.accepted()).isTrue();
        assertThat(v.forced()).isFalse();
    }

    @Test
    void refusesATieWithProductionAtZeroMargin() {
        ControlState state = withProduction("v1", 0.4, "v2").withEvaluation(evaluation("v2", 0.4, true));

        Verdict v = gate.promote(state, promote("v2"), NONE);

        assertThat(v.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(v.refusal()).contains("does not exceed the margin 0.0000");
        assertThat(v.refusalCode()).isEqualTo(Refusal.BELOW_MARGIN);
    }

    @Test
    void acceptsAStrictImprovementAtZeroMargin() {
        ControlState state = withProduction("v1", 0.4, "v2").withEvaluation(evaluation("v2", 0.41, true));

        assertThat(gate.promote(state, promote("v2"), NONE).accepted()).isTrue();
    }

    @Test
    void refusesAnImprovementSmallerThanTheMargin() {
        ControlState state = withProduction("v1", 0.40, "v2").withEvaluation(evaluation("v2", 0.44, true));

        Verdict v = new PromotionGate(new PromotionPolicy(0.05, 0.10)).promote(state, promote("v2"), NONE);

        assertThat(v.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(v.refusal()).contains("lower end 0.0400 does not exceed the margin 0.0500");
    }

    @Test
    void refusesAnIntervalEndingExactlyAtTheMarginDespiteRounding() {
        // the mean of three 0.1 differences is 0.10000000000000002 in binary floating point: "exceeds" is strict
        ControlState state = withProduction("v1", 0.4, "v2").withEvaluation(evaluation("v2", 0.5, true));

        assertThat(new PromotionGate(new PromotionPolicy(0.1, 0.10)).promote(state, promote("v2"), NONE).accepted())
                .isFalse();
        assertThat(new PromotionGate(new PromotionPolicy(0.09, 0.10)).promote(state, promote("v2"), NONE).accepted())
                .isTrue();
    }

    @Test
    void comparesOnlyWithProductionsEvaluationOnTheSameHeldOutSet() {
        ControlState state = withProduction("v1", 0.3, "v2")
                .withEvaluation(evaluation("v2", 0.9, true, 5, "heldout-2"));

        Verdict v = gate.promote(state, promote("v2"), NONE);
        assertThat(v.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(v.refusal()).contains("production v1 has no evaluation on held-out set heldout-2");
        assertThat(v.refusalCode()).isEqualTo(Refusal.NOT_COMPARABLE);

        ControlState comparable = state.withEvaluation(evaluation("v1", 0.5, true, 6, "heldout-2"));
        assertThat(gate.promote(comparable, promote("v2"), NONE).accepted()).isTrue();
    }

    @Test
    void usesTheLatestEvaluationOfTheVersion() {
        ControlState state = withProduction("v1", 0.3, "v2")
                .withEvaluation(evaluation("v2", 0.2, false, 10, Fixtures.EVAL_SET))
                .withEvaluation(evaluation("v2", 0.6, true, 1, Fixtures.EVAL_SET)); // older, arrived later

        Verdict v = gate.promote(state, promote("v2"), NONE);

        assertThat(v.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(v.refusal()).contains("does not exceed the margin");
    }

    @Test
    void refusesPromotingTheCurrentProduction() {
        Verdict v = gate.promote(withProduction("v1", 0.3), force("v1"), NONE);

        assertThat(v.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(v.refusal()).isEqualTo("v1 is already in production");
        assertThat(v.refusalCode()).isEqualTo(Refusal.ALREADY_PRODUCTION);
    }

    @Test
    void rollbackWithNothingPromotedIsRefused() {
        Verdict v = gate.rollback(ControlState.EMPTY, new RollbackRequest("bad"), NONE);

        assertThat(v.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(v.action()).isEqualTo(Action.ROLLBACK);
        assertThat(v.version()).isEqualTo(Verdict.NO_VERSION);
        assertThat(v.refusal()).contains("nothing to roll back");
        assertThat(v.refusalCode()).isEqualTo(Refusal.NO_PREVIOUS_PRODUCTION);
    }

    @Test
    void rollbackFromTheFirstProductionIsRefused() {
        Verdict v = gate.rollback(withProduction("v1", 0.3), new RollbackRequest("bad"), NONE);

        assertThat(v.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(v.version()).isEqualTo("v1");
        assertThat(v.refusal()).contains("no previous production");
    }

    @Test
    void rollbackGoesToThePreviousProductionWithoutTheQualityGate() {
        ControlState state = withProduction("v1", 0.3, "v2")
                .withEvaluation(evaluation("v1", 0.1, false, 9, Fixtures.EVAL_SET)) // v1 now fails: irrelevant
                .withDecision(accepted(Action.PROMOTE, "v2", "v1"));

        Verdict v = gate.rollback(state, new RollbackRequest("v2 regressed in serving"), NONE);

        assertThat(v.accepted()).isTrue();
        assertThat(v.version()).isEqualTo("v1");
        assertThat(v.previousVersion()).isEqualTo("v2");
        assertThat(v.artifactSha256()).isEqualTo(sha("v1"));
        assertThat(v.forced()).isFalse();
    }

    @Test
    void repeatedRollbacksUnwindTheProductionHistory() {
        ControlState state = withProduction("v1", 0.3, "v2", "v3")
                .withDecision(accepted(Action.PROMOTE, "v2", "v1"))
                .withDecision(accepted(Action.PROMOTE, "v3", "v2"));

        Verdict first = gate.rollback(state, new RollbackRequest("r"), NONE);
        assertThat(first.version()).isEqualTo("v2");
        state = state.withDecision(accepted(Action.ROLLBACK, "v2", "v3"));
        Verdict second = gate.rollback(state, new RollbackRequest("r"), NONE);
        assertThat(second.version()).isEqualTo("v1");
    }

    @Test
    void refusesACorruptArtifactEvenWhenForced() {
        ControlState state = withProduction("v1", 0.3, "v2").withEvaluation(evaluation("v2", 0.1, false));
        ArtifactCheck corrupt = c -> Optional.of("v2/model.safetensors changed since it was published");

        Verdict v = gate.promote(state, force("v2"), corrupt);

        assertThat(v.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(v.refusal()).contains("changed since it was published").contains("force cannot override");
        assertThat(v.refusalCode()).isEqualTo(Refusal.CORRUPT_ARTIFACT);
    }

    @Test
    void verifiesTheArtifactOnlyOfAVersionThatWouldOtherwiseBeAccepted() {
        ControlState state = withProduction("v1", 0.3, "v2").withEvaluation(evaluation("v2", 0.1, false));
        List<String> verified = new ArrayList<>();
        ArtifactCheck recording = c -> {
            verified.add(c.version());
            return Optional.empty();
        };

        gate.promote(state, promote("v2"), recording); // refused on quality: no need to re-hash files
        assertThat(verified).isEmpty();
        assertThat(gate.promote(state, force("v2"), recording).accepted()).isTrue();
        assertThat(verified).containsExactly("v2");
    }

    @Test
    void refusesARollbackToACorruptArtifact() {
        ControlState state = withProduction("v1", 0.3, "v2").withDecision(accepted(Action.PROMOTE, "v2", "v1"));

        Verdict v = gate.rollback(state, new RollbackRequest("r"), c -> Optional.of("no version v1 in /store"));

        assertThat(v.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(v.version()).isEqualTo("v1");
        assertThat(v.refusal()).isEqualTo("cannot roll back to v1: no version v1 in /store");
        assertThat(v.refusalCode()).isEqualTo(Refusal.CORRUPT_ARTIFACT);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY})
    void rejectsAMarginOutsideMinusOneToOne(double margin) {
        assertThatThrownBy(() -> new PromotionGate(new PromotionPolicy(margin, 0.10))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("margin must be");
    }

    @Test
    void nonFiniteScoresNeverReachTheGateBecauseEvaluationsRejectThem() {
        assertThatThrownBy(() -> new Evaluation("v1", sha("v1"), "s", 0.5, Double.NaN, 0.5, 0.1, Map.of(), null, null,
                true, Instant.EPOCH)).isInstanceOf(DomainValidationException.class).hasMessageContaining("hits1Se");
        assertThatThrownBy(() -> new Evaluation("v1", sha("v1"), "s", Double.NaN, 0.01, 0.5, 0.1, Map.of(), null, null,
                true, Instant.EPOCH)).isInstanceOf(DomainValidationException.class);
    }

    @Property
    void acceptanceMeansAnImprovementOfAtLeastTheMargin(@ForAll @DoubleRange(min = 0, max = 1) double candidate,
            @ForAll @DoubleRange(min = 0, max = 1) double production, @ForAll @DoubleRange(min = 0, max = 0.5) double margin) {
        ControlState state = withProduction("p", production, "c").withEvaluation(evaluation("c", candidate, true));

        boolean accepted = new PromotionGate(new PromotionPolicy(margin, 0.10)).promote(state, promote("c"), NONE).accepted();

        // the fixtures' outcomes: round(hits · 100) of 100 queries right, the same on every persona (se 0)
        double delta = (Math.round(candidate * 100) - Math.round(production * 100)) / 100.0;
        assertThat(accepted).isEqualTo(delta - margin > 1e-9);
    }

    @Property
    void aSmallerMarginNeverRefusesWhatALargerOneAccepts(@ForAll @DoubleRange(min = 0, max = 1) double candidate,
            @ForAll @DoubleRange(min = 0, max = 1) double production, @ForAll @DoubleRange(min = 0, max = 0.5) double m1,
            @ForAll @DoubleRange(min = 0, max = 0.5) double m2) {
        ControlState state = withProduction("p", production, "c").withEvaluation(evaluation("c", candidate, true));
        double small = Math.min(m1, m2);
        double large = Math.max(m1, m2);

        if (new PromotionGate(new PromotionPolicy(large, 0.10)).promote(state, promote("c"), NONE).accepted()) {
            assertThat(new PromotionGate(new PromotionPolicy(small, 0.10)).promote(state, promote("c"), NONE).accepted()).isTrue();
        }
    }

    /** v2 is better than production v1 and its evaluation ported v1's adapters, losing {@code lost} of 60 correct. */
    private static ControlState withPortedLoss(int lost) {
        return withProduction("v1", 0.3, "v2").withEvaluation(evaluation("v2", 0.5, true)
                .with(null, Fixtures.ported("v1", lost)));
    }

    @Test
    void portedLossKnobOffPromotesWhateverThePortedAdaptersLose() {
        assertThat(gate.promote(withPortedLoss(30), promote("v2"), NONE).outcome()).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void portedLossKnobPassesACandidateWhosePortedAdaptersLoseLittle() {
        PromotionGate strict = new PromotionGate(new PromotionPolicy(0.0, 0.10, 0.10));
        assertThat(strict.promote(withPortedLoss(6), promote("v2"), NONE).outcome()).isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void portedLossKnobRefusesACandidateThatBreaksProductionsAdaptersUnlessForcedWithAReason() {
        PromotionGate strict = new PromotionGate(new PromotionPolicy(0.0, 0.10, 0.10));
        Verdict refused = strict.promote(withPortedLoss(7), promote("v2"), NONE);
        assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(refused.refusalCode()).isEqualTo(Refusal.PORTED_ADAPTERS_LOSE_ANSWERS);
        assertThat(refused.refusal()).contains("lose 7 of 60 correct answers").contains("to override, promote with force");
        Verdict forced = strict.promote(withPortedLoss(7), force("v2"), NONE);
        assertThat(forced.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(forced.forced()).isTrue();
    }
}
