package io.metastream.app.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PublishReportTest {

    @Test
    void mergesRejectionsByReason() {
        PublishReport report = new PublishReport(10, Map.of("RecordTooLargeException", 1L))
                .withRejected(Map.of("RecordTooLargeException", 2L, "line 3: no tab", 1L));

        assertThat(report.rejected()).containsEntry("RecordTooLargeException", 3L).containsEntry("line 3: no tab", 1L);
        assertThat(report.totalRejected()).isEqualTo(4);
        assertThat(report.rejectedByCount().keySet()).containsExactly("RecordTooLargeException", "line 3: no tab");
    }

    @Test
    void refusesNegativeOrEmptyCounts() {
        assertThatThrownBy(() -> new PublishReport(-1, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PublishReport(0, Map.of("x", 0L))).isInstanceOf(IllegalArgumentException.class);
    }
}
