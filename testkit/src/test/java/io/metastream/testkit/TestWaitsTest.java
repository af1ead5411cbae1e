package io.metastream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class TestWaitsTest {

    @Test
    void returnsAsSoonAsTheConditionHolds() {
        AtomicInteger polls = new AtomicInteger();

        TestWaits.waitUntil(Duration.ofSeconds(10), () -> polls.incrementAndGet() == 3, "third poll");

        assertThat(polls).hasValue(3);
    }

    @Test
    void failsWithTheMessageWhenTheConditionNeverHolds() {
        assertThatThrownBy(() -> TestWaits.waitUntil(Duration.ofMillis(30), () -> false, "pigs fly"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("pigs fly")
                .hasMessageContaining("30 ms");
    }

    @Test
    void awaitValueReturnsTheFirstValueProduced() {
        AtomicInteger polls = new AtomicInteger();

        String value = TestWaits.awaitValue(Duration.ofSeconds(10),
                () -> polls.incrementAndGet() < 4 ? Optional.empty() : Optional.of("ready"), "a value");

        assertThat(value).isEqualTo("ready");
        assertThat(polls).hasValue(4);
    }

    @Test
    void treatsANullConditionResultAsNotYet() {
        assertThatThrownBy(() -> TestWaits.waitUntil(Duration.ofMillis(10), () -> null, "null answer"))
                .isInstanceOf(AssertionError.class);
    }
}
