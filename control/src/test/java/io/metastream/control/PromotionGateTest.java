package io.metastream.control;

import static io.metastream.control.Fixtures.accepted;
import static io.metastream.control.Fixtures.checkpoint;
import static io.metastream.control.Fixtures.evaluation;
import static io.metastream.control.Fixtures.sha;
import static io.metastream.control.Fixtures.withProduction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
    private final PromotionGate gate = new PromotionGate(0.0);

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
    void refusesFailingEvaluation() {
        ControlState state = withProduction("v1", 0.3, "v2").withEvaluation(evaluation("v2", 0.6, false));

        Verdict v = gate.promote(state, promote("v2"), NONE);

        assertThat(v.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(v.refusal()).contains("did not pass").contains("force");
        assertThat(v.refusalCode()).isEqualTo(Refusal.NOT_PASSED);
        assertThat(v.evaluationDigest()).isEqualTo(evaluation("v2", 0.6, false).digest());
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
        assertThat(v.refusal()).contains("does not beat production v1").contains("must be positive");
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

        Verdict v = new PromotionGate(0.05).promote(state, promote("v2"), NONE);

        assertThat(v.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(v.refusal()).contains("by the margin 0.0500").contains("0.0400");
    }

    @Test
    void acceptsAnImprovementOfExactlyTheMarginDespiteRounding() {
        // 0.5 - 0.4 == 0.09999999999999998 in binary floating point
        ControlState state = withProduction("v1", 0.4, "v2").withEvaluation(evaluation("v2", 0.5, true));

        assertThat(new PromotionGate(0.1).promote(state, promote("v2"), NONE).accepted()).isTrue();
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
        assertThat(v.refusal()).contains("did not pass");
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
    @ValueSource(doubles = {-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY})
    void rejectsAMarginOutsideTheUnitInterval(double margin) {
        assertThatThrownBy(() -> new PromotionGate(margin)).isInstanceOf(IllegalArgumentException.class)
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

        boolean accepted = new PromotionGate(margin).promote(state, promote("c"), NONE).accepted();

        double delta = candidate - production;
        assertThat(accepted).isEqualTo(delta > 0 && delta >= margin - PromotionGate.TOLERANCE);
    }

    @Property
    void aSmallerMarginNeverRefusesWhatALargerOneAccepts(@ForAll @DoubleRange(min = 0, max = 1) double candidate,
            @ForAll @DoubleRange(min = 0, max = 1) double production, @ForAll @DoubleRange(min = 0, max = 0.5) double m1,
            @ForAll @DoubleRange(min = 0, max = 0.5) double m2) {
        ControlState state = withProduction("p", production, "c").withEvaluation(evaluation("c", candidate, true));
        double small = Math.min(m1, m2);
        double large = Math.max(m1, m2);

        if (new PromotionGate(large).promote(state, promote("c"), NONE).accepted()) {
            assertThat(new PromotionGate(small).promote(state, promote("c"), NONE).accepted()).isTrue();
        }
    }
}
