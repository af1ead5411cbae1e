package io.metastream.app.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ProgressMeterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void staysQuietWithinTheInterval() {
        ProgressMeter meter = new ProgressMeter("published", Duration.ofSeconds(1), 0);

        assertThat(meter.update(10, SECOND / 2)).isEmpty();
    }

    @Test
    void reportsCountAndRateOfTheLastIntervalOncePerInterval() {
        ProgressMeter meter = new ProgressMeter("published", Duration.ofSeconds(1), 0);

        assertThat(meter.update(5_000, SECOND)).hasValue("published 5,000 (5,000/s)");
        assertThat(meter.update(6_000, SECOND + SECOND / 2)).isEmpty();
        assertThat(meter.update(7_000, 3 * SECOND)).hasValue("published 7,000 (1,000/s)");
    }

    @Test
    void summaryGivesTotalTimeAndAverageRate() {
        ProgressMeter meter = new ProgressMeter("published", Duration.ofSeconds(1), 10 * SECOND);

        assertThat(meter.summary(7_801, 14 * SECOND)).isEqualTo("published 7,801 in 4.0 s (1,950/s)");
    }
}
