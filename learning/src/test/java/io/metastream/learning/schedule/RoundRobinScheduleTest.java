package io.metastream.learning.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class RoundRobinScheduleTest {

    @Test
    void inOrderScheduleCyclesThroughTasks() {
        RoundRobinSchedule schedule = RoundRobinSchedule.inOrder(3);

        int[] tasks = new int[7];
        for (int step = 0; step < 7; step++) {
            tasks[step] = schedule.taskAt(step);
        }

        assertThat(tasks).containsExactly(0, 1, 2, 0, 1, 2, 0);
    }

    @Test
    void shuffledScheduleChangesOrderBetweenEpochsAndSeeds() {
        RoundRobinSchedule schedule = RoundRobinSchedule.shuffled(8, 1);
        Set<String> orders = new HashSet<>();
        for (long epoch = 0; epoch < 20; epoch++) {
            orders.add(java.util.Arrays.toString(schedule.epochOrder(epoch)));
        }

        assertThat(orders).hasSizeGreaterThan(15);
        assertThat(RoundRobinSchedule.shuffled(8, 2).epochOrder(0)).isNotEqualTo(schedule.epochOrder(0));
    }

    @Test
    void rejectsZeroTasks() {
        assertThatThrownBy(() -> RoundRobinSchedule.inOrder(0)).hasMessageContaining("at least 1 task");
    }

    @Property(tries = 200)
    void everyEpochVisitsEachTaskExactlyOnce(@ForAll @IntRange(min = 1, max = 30) int tasks,
                                             @ForAll long seed,
                                             @ForAll @LongRange(min = 0, max = 1_000_000) long epoch) {
        RoundRobinSchedule schedule = RoundRobinSchedule.shuffled(tasks, seed);

        Set<Integer> seen = new HashSet<>();
        for (long step = epoch * tasks; step < (epoch + 1) * tasks; step++) {
            assertThat(schedule.epochOf(step)).isEqualTo(epoch);
            seen.add(schedule.taskAt(step));
        }

        assertThat(seen).hasSize(tasks).allMatch(t -> t >= 0 && t < tasks);
    }

    @Property(tries = 100)
    void aScheduleIsAPureFunctionOfItsSeed(@ForAll @IntRange(min = 1, max = 30) int tasks, @ForAll long seed,
                                           @ForAll @LongRange(min = 0, max = 1_000_000) long step) {
        assertThat(RoundRobinSchedule.shuffled(tasks, seed).taskAt(step))
                .isEqualTo(new RoundRobinSchedule(tasks, true, seed).taskAt(step));
    }
}
