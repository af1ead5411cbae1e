package io.metastream.app.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PublishReportTest {

    @Test
    void countsSendFailuresAndSkippedInputTogetherAsRejected() {
        PublishReport report = new PublishReport(10, Map.of("RecordTooLargeException", 1L))
                .withSkippedInput(Map.of("no tab in exchange line", 2L))
                .withSkippedInput(Map.of("no tab in exchange line", 1L));

        assertThat(report.totalFailedSends()).isEqualTo(1);
        assertThat(report.totalRejected()).isEqualTo(4);
        assertThat(report.rejectedByCount()).containsExactly(
                Map.entry("skipped: no tab in exchange line", 3L),
                Map.entry("not sent: RecordTooLargeException", 1L));
    }

    @Test
    void refusesNegativeOrEmptyCounts() {
        assertThatThrownBy(() -> new PublishReport(-1, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PublishReport(0, Map.of("x", 0L))).isInstanceOf(IllegalArgumentException.class);
    }
}
