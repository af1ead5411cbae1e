package io.metastream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThreadReplacementTest {
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    @Test
    void replacesAFewFailedThreadsThenGivesUp() {
        ThreadReplacement policy = new ThreadReplacement(3, Duration.ofMinutes(10));
        assertThat(policy.replace(0)).isTrue();
        assertThat(policy.replace(MINUTE)).isTrue();
        assertThat(policy.replace(2 * MINUTE)).isTrue();
        assertThat(policy.replace(3 * MINUTE)).as("a fourth failure within ten minutes").isFalse();
    }

    @Test
    void failuresOutsideTheWindowAreForgotten() {
        ThreadReplacement policy = new ThreadReplacement(2, Duration.ofMinutes(10));
        assertThat(policy.replace(0)).isTrue();
        assertThat(policy.replace(MINUTE)).isTrue();
        assertThat(policy.replace(MINUTE * 21 / 2)).as("the first is more than ten minutes old").isTrue();
        assertThat(policy.replace(11 * MINUTE)).as("the second is exactly ten minutes old: still counts").isFalse();
    }
}
