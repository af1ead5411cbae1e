package io.metastream.control;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.domain.PromotionDecision.Action;
import io.metastream.domain.PromotionDecision.Outcome;
import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void aRefusalNeedsBothItsSentenceAndItsCode() {
        assertThatThrownBy(() -> new Verdict(Action.PROMOTE, "v1", Outcome.REFUSED, null, Refusal.NOT_PASSED, false,
                null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Verdict(Action.PROMOTE, "v1", Outcome.REFUSED, "no", null, false, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Verdict(Action.PROMOTE, "v1", Outcome.ACCEPTED, "no", Refusal.NOT_PASSED, false,
                null, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyAnAcceptedVerdictCanBeForced() {
        assertThatThrownBy(() -> new Verdict(Action.PROMOTE, "v1", Outcome.REFUSED, "no", Refusal.NOT_PASSED, true,
                null, null, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forced");
    }
}
