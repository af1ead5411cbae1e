package io.metastream.control;

import static io.metastream.control.Fixtures.accepted;
import static io.metastream.control.Fixtures.checkpoint;
import static io.metastream.control.Fixtures.evaluation;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.Algorithm;
import io.metastream.domain.Checkpoint;
import io.metastream.domain.PromotionDecision;
import io.metastream.domain.PromotionDecision.Action;
import io.metastream.domain.PromotionDecision.Outcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlStateTest {

    @Test
    void emptyStateHasNoProductionAndNoHistory() {
        assertThat(ControlState.EMPTY.production()).isEmpty();
        assertThat(ControlState.EMPTY.previousProduction()).isEmpty();
        assertThat(ControlState.EMPTY.checkpoints()).isEmpty();
        assertThat(ControlState.EMPTY.ledger()).isEmpty();
    }

    @Test
    void theFirstCheckpointEventOfAVersionWins() {
        Checkpoint original = checkpoint("v1");
        Checkpoint replayed = new Checkpoint("v1", null, Algorithm.SR, "file:///elsewhere", Fixtures.sha("other"),
                List.of(), List.of(), Map.of(), 1L, 0.1, Fixtures.T0);

        ControlState state = ControlState.EMPTY.withCheckpoint(original).withCheckpoint(replayed);

        assertThat(state.checkpoint("v1")).contains(original);
        assertThat(state.checkpoints()).hasSize(1);
    }

    @Test
    void aRedeliveredEvaluationIsCountedOnce() {
        ControlState state = ControlState.EMPTY.withEvaluation(evaluation("v1", 0.3, true))
                .withEvaluation(evaluation("v1", 0.3, true));

        assertThat(state.evaluations("v1")).hasSize(1);
    }

    @Test
    void latestEvaluationIsTheMostRecentlyEvaluatedOnePerHeldOutSet() {
        ControlState state = ControlState.EMPTY
                .withEvaluation(evaluation("v1", 0.5, true, 10, "a"))
                .withEvaluation(evaluation("v1", 0.2, true, 1, "a"))
                .withEvaluation(evaluation("v1", 0.7, true, 5, "b"));

        assertThat(state.latestEvaluation("v1")).map(e -> e.hits1Mean()).contains(0.5);
        assertThat(state.latestEvaluation("v1", "b")).map(e -> e.hits1Mean()).contains(0.7);
        assertThat(state.latestEvaluation("v1", "c")).isEmpty();
        assertThat(state.latestEvaluation("v2")).isEmpty();
    }

    @Test
    void evaluationsOfVersionsNotYetSeenAreKept() {
        ControlState state = ControlState.EMPTY.withEvaluation(evaluation("v1", 0.3, true))
                .withCheckpoint(checkpoint("v1"));

        assertThat(state.latestEvaluation("v1")).isPresent();
    }

    @Test
    void refusedDecisionsAreInTheLedgerButDoNotMoveProduction() {
        PromotionDecision refused = new PromotionDecision("d1", Action.PROMOTE, "v1", null, "bob", "why", false,
                Outcome.REFUSED, "no evaluation", null, null, Fixtures.T0);

        ControlState state = ControlState.EMPTY.withDecision(refused);

        assertThat(state.ledger()).containsExactly(refused);
        assertThat(state.production()).isEmpty();
    }

    @Test
    void productionFollowsPromotionsAndRollbacksInLedgerOrder() {
        ControlState state = ControlState.EMPTY
                .withDecision(accepted(Action.PROMOTE, "v1", null))
                .withDecision(accepted(Action.PROMOTE, "v2", "v1"))
                .withDecision(accepted(Action.PROMOTE, "v3", "v2"));
        assertThat(state.production()).contains("v3");
        assertThat(state.previousProduction()).contains("v2");

        state = state.withDecision(accepted(Action.ROLLBACK, "v2", "v3"));
        assertThat(state.production()).contains("v2");
        assertThat(state.previousProduction()).contains("v1");
        assertThat(state.productionHistory()).containsExactly("v1", "v2");

        state = state.withDecision(accepted(Action.PROMOTE, "v4", "v2"));
        assertThat(state.productionHistory()).containsExactly("v1", "v2", "v4");
    }

    @Test
    void recentDecisionsAreNewestFirstAndBounded() {
        ControlState state = ControlState.EMPTY
                .withDecision(accepted(Action.PROMOTE, "v1", null))
                .withDecision(accepted(Action.PROMOTE, "v2", "v1"))
                .withDecision(accepted(Action.PROMOTE, "v3", "v2"));

        assertThat(state.recentDecisions(2)).extracting(PromotionDecision::version).containsExactly("v3", "v2");
        assertThat(state.recentDecisions(10)).hasSize(3);
        assertThat(state.recentDecisions(0)).isEmpty();
    }

    @Test
    void foldingNeverChangesAnEarlierSnapshot() {
        ControlState before = ControlState.EMPTY.withCheckpoint(checkpoint("v1"));
        before.withCheckpoint(checkpoint("v2")).withEvaluation(evaluation("v1", 0.3, true))
                .withDecision(accepted(Action.PROMOTE, "v1", null));

        assertThat(before.checkpoints()).hasSize(1);
        assertThat(before.evaluations("v1")).isEmpty();
        assertThat(before.ledger()).isEmpty();
    }
}
