package io.metastream.control;

import io.metastream.domain.paired.PromotionPolicy;

import static io.metastream.control.Fixtures.checkpoint;
import static io.metastream.control.Fixtures.evaluation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.domain.PromotionDecision;
import io.metastream.domain.PromotionDecision.Action;
import io.metastream.domain.PromotionDecision.Outcome;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ControllerTest {
    private final MemoryMarker marker = new MemoryMarker();
    private final RecordingSink sink = new RecordingSink();
    private final List<PromotionDecision> heard = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    private Controller controller() {
        return Controller.builder().setGate(new PromotionGate(new PromotionPolicy(0.0, 0.10))).setSink(sink).setMarker(marker).setArtifactCheck(ArtifactCheck.NONE)
                .optClock(Clock.fixed(Fixtures.T0, ZoneOffset.UTC)).optIds(() -> "d" + ids.incrementAndGet())
                .optListener((d, v) -> heard.add(d)).build();
    }

    private static Controller withTwoVersions(Controller c) {
        c.onCheckpoint(checkpoint("v1"));
        c.onEvaluation(evaluation("v1", 0.3, true));
        c.onCheckpoint(checkpoint("v2", 5));
        c.onEvaluation(evaluation("v2", 0.2, false));
        return c;
    }

    @Test
    void anAcceptedPromotionIsRecordedWithWhoWhenWhyAndMovesTheMarker() {
        Controller c = withTwoVersions(controller());

        PromotionDecision d = c.promote("alice", new PromotionRequest("v1", "first base", false));

        assertThat(d.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(d.decisionId()).isEqualTo("d1");
        assertThat(d.actor()).isEqualTo("alice");
        assertThat(d.reason()).isEqualTo("first base");
        assertThat(d.decidedAt()).isEqualTo(Fixtures.T0);
        assertThat(d.evaluationDigest()).isEqualTo(evaluation("v1", 0.3, true).digest());
        assertThat(d.artifactSha256()).isEqualTo(Fixtures.sha("v1"));
        assertThat(sink.decisions).containsExactly(d);
        assertThat(sink.pointer).containsExactly("v1");
        assertThat(marker.read()).contains("v1");
        assertThat(c.state().production()).contains("v1");
        assertThat(heard).containsExactly(d);
    }

    @Test
    void aRefusedPromotionIsStillRecordedButMovesNothing() {
        Controller c = withTwoVersions(controller());
        c.promote("alice", new PromotionRequest("v1", "first base", false));

        PromotionDecision d = c.promote("bob", new PromotionRequest("v2", "try it", false));

        assertThat(d.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(d.refusal()).contains("does not exceed the margin").contains("vs production v1");
        assertThat(d.paired().figures().negativeFlips()).isEqualTo(30);
        assertThat(d.previousVersion()).isEqualTo("v1");
        assertThat(sink.decisions).hasSize(2).last().isEqualTo(d);
        assertThat(sink.pointer).containsExactly("v1");
        assertThat(marker.read()).contains("v1");
        assertThat(c.state().ledger()).hasSize(2);
    }

    @Test
    void aForcedPromotionThenARollbackReturnToThePreviousVersion() {
        Controller c = withTwoVersions(controller());
        c.promote("alice", new PromotionRequest("v1", "first base", false));

        PromotionDecision forced = c.promote("bob", new PromotionRequest("v2", "evaluator bug, see #12", true));
        assertThat(forced.forced()).isTrue();
        assertThat(marker.read()).contains("v2");

        PromotionDecision back = c.rollback("carol", new RollbackRequest("v2 misbehaves"));
        assertThat(back.action()).isEqualTo(Action.ROLLBACK);
        assertThat(back.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(back.version()).isEqualTo("v1");
        assertThat(back.previousVersion()).isEqualTo("v2");
        assertThat(marker.read()).contains("v1");
        assertThat(sink.pointer).containsExactly("v1", "v2", "v1");
    }

    @Test
    void whenTheLedgerCannotBeWrittenNothingChanges() {
        Controller c = withTwoVersions(controller());
        sink.failing = true;

        assertThatThrownBy(() -> c.promote("alice", new PromotionRequest("v1", "first", false)))
                .isInstanceOf(ControlUnavailableException.class).hasMessageContaining("could not record the decision")
                .hasMessageContaining("ledger unreachable");

        assertThat(c.state().ledger()).isEmpty();
        assertThat(c.state().production()).isEmpty();
        assertThat(marker.read()).isEmpty();
        assertThat(heard).isEmpty();
    }

    @Test
    void syncMarkerRepairsAMarkerLeftBehindByACrash() {
        marker.write("v6");
        Controller c = Controller.builder().setGate(new PromotionGate(new PromotionPolicy(0, 0.10))).setSink(sink).setMarker(marker)
                .setArtifactCheck(ArtifactCheck.NONE)
                .optInitialState(ControlState.EMPTY.withDecision(Fixtures.accepted(Action.PROMOTE, "v7", null))).build();

        assertThat(c.syncMarker()).isTrue();

        assertThat(marker.read()).contains("v7");
    }

    @Test
    void aMarkerThatCannotBeWrittenIsReportedThenRepaired() {
        Controller c = withTwoVersions(controller());
        marker.failing = true;

        PromotionDecision d = c.promote("alice", new PromotionRequest("v1", "first", false));

        assertThat(d.outcome()).isEqualTo(Outcome.ACCEPTED); // committed to the ledger: the decision stands
        assertThat(c.markerInSync()).isFalse();
        marker.failing = false;
        assertThat(c.syncMarker()).isTrue();
        assertThat(marker.read()).contains("v1");
    }

    @Test
    void aRefusedDecisionNeverTouchesTheMarker() {
        Controller c = withTwoVersions(controller());

        c.promote("bob", new PromotionRequest("v2", "try", false));
        c.rollback("bob", new RollbackRequest("try"));

        assertThat(marker.writes).isEmpty();
        assertThat(sink.decisions).extracting(PromotionDecision::outcome).containsOnly(Outcome.REFUSED);
    }

    @Test
    void concurrentRequestsAreDecidedOneAtATimeSoTheLedgerFormsAChain() throws Exception {
        Controller c = controller();
        int versions = 12;
        for (int i = 1; i <= versions; i++) {
            c.onCheckpoint(checkpoint("v" + i, i));
            c.onEvaluation(evaluation("v" + i, 0.05 * i, true));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<PromotionDecision>> futures = new ArrayList<>();
            for (int i = 1; i <= versions; i++) {
                String v = "v" + i;
                futures.add(pool.submit(() -> c.promote("alice", new PromotionRequest(v, "race", false))));
                futures.add(pool.submit(() -> c.rollback("bob", new RollbackRequest("race"))));
            }
            for (var f : futures) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // replaying the ledger in order: each entry names the production left by the ones before it
        ControlState replay = ControlState.EMPTY;
        for (PromotionDecision d : sink.decisions) {
            assertThat(d.previousVersion()).as(d.decisionId()).isEqualTo(replay.production().orElse(null));
            replay = replay.withDecision(d);
        }
        assertThat(sink.decisions).hasSize(2 * versions);
        assertThat(replay.production()).isEqualTo(c.state().production());
        assertThat(marker.read()).isEqualTo(c.state().production());
    }

    @Test
    void statusShowsVersionsDeltasProductionAndDecisions() {
        Controller c = withTwoVersions(controller());
        c.promote("alice", new PromotionRequest("v1", "first base", false));

        StatusView s = c.status();

        assertThat(s.production()).isEqualTo("v1");
        assertThat(s.versions()).extracting(StatusView.VersionRow::version).containsExactly("v1", "v2");
        assertThat(s.versions().get(1).deltaToProduction()).isCloseTo(-0.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(s.versions().get(0).production()).isTrue();
        assertThat(s.recentDecisions()).hasSize(1);
    }
}
