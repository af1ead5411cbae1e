package io.metastream.control;

import io.metastream.domain.paired.PromotionPolicy;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.PromotionDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Promotions and rollbacks through the real controller, checked against a plain list of what happened. */
class ProductionHistoryPropertiesTest {

    @Property(tries = 200)
    void rollbacksUnwindPromotionsInReverseOrder(@ForAll @IntRange(min = 1, max = 8) int promotions,
            @ForAll @IntRange(min = 0, max = 10) int rollbacks) {
        MemoryMarker marker = new MemoryMarker();
        RecordingSink sink = new RecordingSink();
        AtomicInteger ids = new AtomicInteger();
        Controller c = Controller.builder().setGate(new PromotionGate(new PromotionPolicy(0.01, 0.10))).setSink(sink).setMarker(marker)
                .setArtifactCheck(ArtifactCheck.NONE).optIds(() -> "d" + ids.incrementAndGet()).build();
        List<String> promoted = new ArrayList<>();
        for (int i = 1; i <= promotions; i++) {
            String v = "v" + i;
            c.onCheckpoint(Fixtures.checkpoint(v, i));
            c.onEvaluation(Fixtures.evaluation(v, 0.1 * i, true)); // each beats the last by 0.1 > margin
            assertThat(c.promote("alice", new PromotionRequest(v, "better", false)).outcome())
                    .isEqualTo(PromotionDecision.Outcome.ACCEPTED);
            promoted.add(v);
        }

        for (int k = 1; k <= rollbacks; k++) {
            PromotionDecision d = c.rollback("bob", new RollbackRequest("undo"));
            if (k < promotions) {
                assertThat(d.outcome()).isEqualTo(PromotionDecision.Outcome.ACCEPTED);
                assertThat(d.version()).isEqualTo(promoted.get(promotions - 1 - k));
            } else {
                assertThat(d.outcome()).isEqualTo(PromotionDecision.Outcome.REFUSED);
            }
        }

        String expected = promoted.get(Math.max(0, promotions - 1 - rollbacks));
        assertThat(c.state().production()).contains(expected);
        assertThat(marker.read()).contains(expected);
        assertThat(sink.decisions).hasSize(promotions + rollbacks); // every request is in the ledger
        assertThat(c.state().ledger()).isEqualTo(sink.decisions);
    }
}
