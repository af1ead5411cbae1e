package io.metastream.ingest;

import static io.metastream.ingest.Examples.example;
import static io.metastream.ingest.Examples.offset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.domain.OffsetRange;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TaskAccumulatorTest {
    private final TaskAccumulator acc = new TaskAccumulator(new TaskPolicy(3, 2, 0.4, 1_000, "salt"));

    private List<PersonaTask> feed(TaskAccumulator a, TaskState start, int count) {
        TaskState s = start;
        List<PersonaTask> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            s = a.add(s, example(s.personaId(), i), offset(i)).state();
            var emission = a.emit(s);
            if (emission.isPresent()) {
                out.add(emission.get().task());
                s = emission.get().state();
            }
        }
        return out;
    }

    @Test
    void emitsNothingUntilSupportAndQueryMinimumsAreMet() {
        List<PersonaTask> tasks = feed(acc, TaskState.empty("p", Split.TRAIN), 40);

        assertThat(tasks).isNotEmpty();
        PersonaTask first = tasks.get(0);
        assertThat(first.revision()).isZero();
        assertThat(first.support()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(first.query()).hasSizeGreaterThanOrEqualTo(2);
        // The first emitted task is the first moment both minimums hold: one example fewer would miss one.
        assertThat(first.support().size() == 3 || first.query().size() == 2).isTrue();
        assertThat(tasks.get(tasks.size() - 1).size()).isEqualTo(40);
    }

    @Test
    void queryShareFollowsTheConfiguredFraction() {
        List<PersonaTask> tasks = feed(acc, TaskState.empty("p", Split.TRAIN), 600);
        PersonaTask last = tasks.get(tasks.size() - 1);
        // 600 draws at p = 0.4: standard deviation 0.02, so +-0.08 is four of them.
        assertThat(last.size()).isEqualTo(600);
        assertThat(last.query().size() / 600.0).isBetween(0.32, 0.48);
    }

    @Test
    void ignoresADuplicateExampleId() {
        TaskState s = TaskState.empty("p", Split.TRAIN);
        s = acc.add(s, example("p", 1), offset(0)).state();
        TaskAccumulator.Outcome again = acc.add(s, example("p", 1), offset(7));
        assertThat(again.change()).isEqualTo(TaskAccumulator.Change.DUPLICATE);
        assertThat(again.state()).isEqualTo(s);
    }

    @Test
    void aFullTaskKeepsTheLowestRankedExamples() {
        TaskAccumulator small = new TaskAccumulator(new TaskPolicy(1, 0, 0.3, 5, "salt"));
        TaskState s = TaskState.empty("p", Split.TRAIN);
        int dropped = 0;
        for (int i = 0; i < 50; i++) {
            TaskAccumulator.Outcome o = small.add(s, example("p", i), offset(i));
            if (o.change() == TaskAccumulator.Change.OVER_CAPACITY) {
                dropped++;
            }
            s = o.state();
        }
        List<Long> expected = IntStream.range(0, 50)
                .mapToObj(i -> StableHash.of("salt/rank", example("p", i).exampleId())).sorted().limit(5).toList();
        assertThat(s.entries()).extracting(TaskEntry::rank).containsExactlyElementsOf(expected);
        assertThat(dropped).isPositive();
    }

    @Test
    void recordsTheSourceOffsetsOfTheHeldExamplesAsMergedRanges() {
        List<PersonaTask> tasks = feed(acc, TaskState.empty("p", Split.TRAIN), 20);
        assertThat(tasks.get(tasks.size() - 1).sources()).containsExactly(new OffsetRange("conversations", 0, 0, 20));
    }

    @Test
    void heldOutStateEmitsHeldOutTaskIds() {
        List<PersonaTask> tasks = feed(acc, TaskState.empty("q", Split.HELD_OUT), 20);
        assertThat(tasks).allSatisfy(t -> {
            assertThat(t.split()).isEqualTo(Split.HELD_OUT);
            assertThat(t.taskId()).isEqualTo(PersonaTask.taskIdFor("q", Split.HELD_OUT)).isEqualTo("q~held-out");
        });
    }

    @Test
    void refusesAnExampleOfAnotherPersona() {
        assertThatThrownBy(() -> acc.add(TaskState.empty("p", Split.TRAIN), example("other", 1), offset(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key the stream by persona id");
    }

    @Test
    void mergesTouchingRangesPerPartition() {
        List<OffsetRange> merged = OffsetRanges.merge(List.of(new OffsetRange("t", 1, 5, 6),
                new OffsetRange("t", 0, 3, 4), new OffsetRange("t", 0, 4, 5), new OffsetRange("t", 0, 9, 10)));
        assertThat(merged).containsExactly(new OffsetRange("t", 0, 3, 5), new OffsetRange("t", 0, 9, 10),
                new OffsetRange("t", 1, 5, 6));
    }

    @Test
    void policyRefusesSettingsThatCouldNeverEmitATask() {
        assertThatThrownBy(() -> new TaskPolicy(0, 0, 0.2, 10, "s")).hasMessageContaining("minSupport");
        assertThatThrownBy(() -> new TaskPolicy(1, 2, 0, 10, "s")).hasMessageContaining("queryFraction 0");
        assertThatThrownBy(() -> new TaskPolicy(8, 4, 0.2, 10, "s")).hasMessageContaining("maxExamples");
        assertThatThrownBy(() -> new TaskPolicy(1, 0, 1.0, 10, "s")).hasMessageContaining("[0, 1)");
    }
}
