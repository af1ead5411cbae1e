package io.metastream.control;

import io.metastream.domain.paired.PromotionPolicy;

import static io.metastream.control.Fixtures.accepted;
import static io.metastream.control.Fixtures.checkpoint;
import static io.metastream.control.Fixtures.evaluation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.domain.PromotionDecision;
import io.metastream.domain.PromotionDecision.Action;
import io.metastream.domain.PromotionDecision.Outcome;
import org.junit.jupiter.api.Test;

class StatusViewTest {

    private static ControlState state() {
        PromotionDecision refused = new PromotionDecision("d9", Action.PROMOTE, "v3", "v2", "bob", "try v3", false,
                Outcome.REFUSED, "the evaluation of v3 did not pass", null, null, Fixtures.T0.plusSeconds(600));
        return ControlState.EMPTY
                .withCheckpoint(checkpoint("v2", 2)).withCheckpoint(checkpoint("v1", 1)).withCheckpoint(checkpoint("v3", 3))
                .withEvaluation(evaluation("v1", 0.30, true)).withEvaluation(evaluation("v2", 0.35, true))
                .withEvaluation(evaluation("base", 0.12, true))
                .withDecision(accepted(Action.PROMOTE, "v1", null)).withDecision(accepted(Action.PROMOTE, "v2", "v1"))
                .withDecision(refused);
    }

    @Test
    void listsCheckpointsOldestFirstWithTheirEvaluationAndDeltaToProduction() {
        StatusView s = StatusView.of(state(), new PromotionPolicy(0.01, 0.10), 10);

        assertThat(s.production()).isEqualTo("v2");
        assertThat(s.previousProduction()).isEqualTo("v1");
        assertThat(s.margin()).isEqualTo(0.01);
        assertThat(s.versions()).extracting(StatusView.VersionRow::version).containsExactly("v1", "v2", "v3");
        StatusView.VersionRow v1 = s.versions().get(0);
        assertThat(v1.hits1Mean()).isEqualTo(0.30);
        assertThat(v1.hits1Se()).isEqualTo(0.01);
        assertThat(v1.deltaToProduction()).isCloseTo(-0.05, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(v1.production()).isFalse();
        assertThat(s.versions().get(1).production()).isTrue();
        assertThat(s.versions().get(1).deltaToProduction()).isZero();
        StatusView.VersionRow v3 = s.versions().get(2);
        assertThat(v3.hits1Mean()).isNull();
        assertThat(v3.deltaToProduction()).isNull();
        assertThat(v3.passed()).isNull();
        assertThat(v1.paired().referenceVersion()).isEqualTo("v2");
        assertThat(v1.paired().figures().delta()).isCloseTo(-0.05, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(v1.paired().figures().negativeFlips()).isEqualTo(15);
        assertThat(v1.passed()).as("what a promotion request would get now").isFalse();
        assertThat(v1.zeroShotHits1()).isEqualTo(0.05);
        assertThat(s.recentDecisions()).extracting(PromotionDecision::decisionId).first().isEqualTo("d9");
    }

    @Test
    void listsEvaluatedVersionsWithoutACheckpointAsReferences() {
        StatusView s = StatusView.of(state(), new PromotionPolicy(0.01, 0.10), 10);

        assertThat(s.references()).singleElement().satisfies(r -> {
            assertThat(r.version()).isEqualTo("base");
            assertThat(r.algorithm()).isNull();
            assertThat(r.hits1Mean()).isEqualTo(0.12);
            assertThat(r.deltaToProduction()).isCloseTo(-0.23, org.assertj.core.data.Offset.offset(1e-12));
        });
        assertThat(s.toTable()).contains("Reference evaluations (no checkpoint, not promotable):")
                .containsPattern("  base +- +0\\.1200 ± 0\\.0100 +0\\.0500 +-0\\.2300 \\[-0\\.2300, -0\\.2300\\] v2 +69/0 +yes +-");
    }

    @Test
    void showsProductionsPortedAdaptersAndTheKnobInTextAndJson() {
        ControlState state = state().withEvaluation(evaluation("v3", 0.40, true).with(null, Fixtures.ported("v2", 7)));
        StatusView s = StatusView.of(state, new PromotionPolicy(0.01, 0.10, 0.10), 10);

        assertThat(s.maxPortedLossShare()).isEqualTo(0.10);
        assertThat(s.versions().get(2).portability().negativeFlips()).isEqualTo(7);
        assertThat(s.versions().get(2).passed()).as("the knob refuses it").isFalse();
        assertThat(StatusView.fromJson(s.toJson())).isEqualTo(s);
        assertThat(s.toJson()).contains("\"portability\"").contains("\"re-adapt\"");
        assertThat(s.toTable()).contains("ported adapters lose <= 0.1000 of production's correct answers")
                .contains("production v2's adapters ported as they are: hits@1 0.6625 (with v2 0.7500)")
                .contains("lost 7 of 60 correct answers (0.1167); 1 portable, 1 re-adapt: a");
        assertThat(StatusView.of(state, new PromotionPolicy(0.01, 0.10), 10).maxPortedLossShare()).isNull();
    }

    @Test
    void limitsTheDecisionsShown() {
        assertThat(StatusView.of(state(), PromotionPolicy.defaults(), 2).recentDecisions()).hasSize(2);
    }

    @Test
    void roundTripsThroughJson() {
        StatusView s = StatusView.of(state(), new PromotionPolicy(0.01, 0.10), 10);

        assertThat(StatusView.fromJson(s.toJson())).isEqualTo(s);
    }

    @Test
    void rendersATableWithProductionScoresDeltasAndTheLedger() {
        String table = StatusView.of(state(), new PromotionPolicy(0.01, 0.10), 10).toTable();

        assertThat(table).contains("Production: v2").contains("rollback goes to v1")
                .contains("promotion: 95% interval's lower end > 0.0100, negative flips <= 0.1000");
        assertThat(table).contains("PAIRED Δ [95% CI] VS REFERENCE").contains("FLIPS -/+");
        assertThat(table).containsPattern("\\* v2 +LORA_ML +0\\.3500 ± 0\\.0100 +0\\.0500 +- +- +yes");
        assertThat(table).containsPattern("  v1 +LORA_ML +0\\.3000 ± 0\\.0100 +0\\.0500 +-0\\.0500 \\[-0\\.0500, -0\\.0500\\] v2 +15/0 +no");
        assertThat(table).containsPattern("  v3 +LORA_ML +- +- +-");
        assertThat(table).contains("PROMOTE v3  REFUSED  by bob: try v3  — refused: the evaluation of v3 did not pass");
        assertThat(table.indexOf("PROMOTE v3")).isLessThan(table.indexOf("PROMOTE v2"));
    }

    @Test
    void rendersAnEmptyState() {
        String table = StatusView.of(ControlState.EMPTY, PromotionPolicy.defaults(), 10).toTable();

        assertThat(table).contains("Production: (none)").contains("No checkpoints yet.").contains("No promotion decisions yet.");
    }

    @Test
    void rejectsADocumentThatIsNotAStatus() {
        assertThatThrownBy(() -> StatusView.fromJson("[1,2]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a control status document");
    }
}
