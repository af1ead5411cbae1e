package io.metastream.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.domain.Algorithm;
import io.metastream.domain.Checkpoint;
import io.metastream.domain.OffsetRange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineageTest {
    private static final String TOPIC = "tasks";
    private static int n;

    private static Checkpoint checkpoint(OffsetRange... ranges) {
        n++;
        return new Checkpoint(String.format("lora-ml-v%04d", n), null, Algorithm.LORA_ML, "file:///a",
                "0".repeat(64), List.of("t" + n), List.of(ranges), Map.of(), 1, 0.5, Instant.EPOCH);
    }

    private static OffsetRange r(int p, long from, long to) {
        return new OffsetRange(TOPIC, p, from, to);
    }

    @Test
    void rangesThatFollowEachOtherTileThePartition() {
        Lineage l = Lineage.of(List.of(checkpoint(r(0, 0, 4), r(1, 0, 2)), checkpoint(r(0, 4, 9))), TOPIC);
        assertThat(l.tiles()).isTrue();
        assertThat(l.ends()).containsOnly(Map.entry(0, 9L), Map.entry(1, 2L));
    }

    @Test
    void aGapIsCountedAsLostOffsets() {
        Lineage l = Lineage.of(List.of(checkpoint(r(0, 0, 4)), checkpoint(r(0, 6, 9)), checkpoint(r(1, 3, 5))), TOPIC);
        assertThat(l.lost()).isEqualTo(2 + 3);
        assertThat(l.doubled()).isZero();
        assertThat(l.tiles()).isFalse();
    }

    @Test
    void anOverlapIsCountedAsDoubleCountedOffsets() {
        Lineage l = Lineage.of(List.of(checkpoint(r(0, 0, 5)), checkpoint(r(0, 3, 9)), checkpoint(r(0, 4, 6))), TOPIC);
        assertThat(l.doubled()).isEqualTo(2 + 2);
        assertThat(l.lost()).isZero();
        assertThat(l.ends()).containsEntry(0, 9L);
    }

    @Test
    void aRangeOnAnotherTopicIsAnError() {
        assertThatThrownBy(() -> Lineage.of(List.of(checkpoint(new OffsetRange("other", 0, 0, 1))), TOPIC))
                .hasMessageContaining("other");
    }

    @Test
    void aPartitionWithNothingCommittedAndNoCheckpointIsAccountedFor() {
        Lineage l = Lineage.of(List.of(checkpoint(r(0, 0, 4), r(1, 0, 2))), TOPIC);
        assertThat(l.unaccounted(Map.of(0, 4L, 1, 2L, 2, 0L))).isZero();
        assertThat(l.unaccounted(Map.of(0, 6L, 1, 2L))).as("committed past the lineage").isEqualTo(2);
        assertThat(l.unaccounted(Map.of(0, 4L, 1, 2L, 2, 3L))).as("a partition in no checkpoint").isEqualTo(3);
        assertThat(l.unaccounted(Map.of(0, 4L))).as("the lineage past what was committed").isEqualTo(2);
    }
}
