package io.metastream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.domain.OffsetRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RoundCoresTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void roundIsDueAfterEnoughNewTasksOrAfterTheInterval() {
        RoundSchedule s = new RoundSchedule(3, Duration.ofMinutes(10), T0);
        assertThat(s.due(0, T0.plus(Duration.ofHours(1)))).as("nothing new, never due").isFalse();
        s.arrived();
        s.arrived();
        assertThat(s.due(2, T0.plusSeconds(1))).isFalse();
        assertThat(s.due(2, T0.plus(Duration.ofMinutes(10)))).isTrue();
        s.arrived();
        assertThat(s.due(3, T0.plusSeconds(1))).isTrue();
    }

    @Test
    void failedRoundIsNotRetriedUntilMoreTasksOrTheInterval() {
        RoundSchedule s = new RoundSchedule(2, Duration.ofMinutes(10), T0);
        s.arrived();
        s.arrived();
        Instant attempt = T0.plusSeconds(5);
        s.attempted(attempt);
        assertThat(s.due(2, attempt.plusSeconds(1))).isFalse();
        assertThat(s.untilInterval(attempt.plusSeconds(60))).isEqualTo(Duration.ofMinutes(9));
        assertThat(s.due(2, attempt.plus(Duration.ofMinutes(10)))).isTrue();
        assertThat(s.untilInterval(attempt.plus(Duration.ofHours(1)))).isZero();
    }

    @Property
    void lineageRangesTileTheConsumedOffsets(@ForAll @Size(max = 30) List<@IntRange(min = 0, max = 5) Integer> steps,
            @ForAll @Size(max = 30) List<Boolean> checkpoints) {
        ConsumedOffsets offsets = new ConsumedOffsets("t", Map.of(0, 7L));
        List<OffsetRange> all = new ArrayList<>();
        long pos = 7;
        for (int i = 0; i < steps.size(); i++) {
            pos += steps.get(i);
            offsets.advance(0, pos);
            if (i < checkpoints.size() && checkpoints.get(i)) {
                all.addAll(offsets.sinceCheckpoint());
                offsets.checkpointed();
            }
        }
        all.addAll(offsets.sinceCheckpoint());
        long expectedFrom = 7;
        for (OffsetRange r : all) {
            assertThat(r.fromInclusive()).isEqualTo(expectedFrom);
            assertThat(r.count()).isPositive();
            expectedFrom = r.toExclusive();
        }
        assertThat(expectedFrom).isEqualTo(pos);
    }

    @Test
    void offsetsRefuseUnknownPartitionsAndGoingBack() {
        ConsumedOffsets offsets = new ConsumedOffsets("t", Map.of(0, 0L, 1, 4L));
        offsets.advance(1, 6);
        assertThat(offsets.sinceCheckpoint()).containsExactly(new OffsetRange("t", 1, 4, 6));
        assertThat(offsets.positions()).containsEntry(0, 0L).containsEntry(1, 6L);
        assertThatThrownBy(() -> offsets.advance(2, 1)).hasMessageContaining("not tracked");
        assertThatThrownBy(() -> offsets.advance(1, 5)).hasMessageContaining("went back");
    }

    @Test
    void versionsCountUpFromOne() {
        assertThat(Versions.next(Optional.empty())).isEqualTo("v0001");
        assertThat(Versions.next(Optional.of("v0009"))).isEqualTo("v0010");
        assertThat(Versions.next(Optional.of("v9999"))).isEqualTo("v10000");
        assertThatThrownBy(() -> Versions.number("base")).hasMessageContaining("not a trainer version");
    }
}
