package io.metastream.ingest;

import static io.metastream.ingest.Examples.example;
import static io.metastream.ingest.Examples.offset;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class TaskAccumulatorPropertiesTest {

    /** Folds the examples (by number) in the given order; returns every emitted task, in order. */
    private static Run fold(TaskAccumulator acc, List<Integer> numbers) {
        TaskState state = TaskState.empty("p", Split.TRAIN);
        List<PersonaTask> emitted = new ArrayList<>();
        long offset = 0;
        for (int n : numbers) {
            state = acc.add(state, example("p", n), offset(offset++)).state();
            var emission = acc.emit(state);
            if (emission.isPresent()) {
                emitted.add(emission.get().task());
                state = emission.get().state();
            }
        }
        return new Run(state, emitted);
    }

    private record Run(TaskState state, List<PersonaTask> emitted) {
        List<String> ids(boolean query) {
            return state.entries().stream().filter(e -> e.query() == query).map(e -> e.example().exampleId()).toList();
        }
    }

    private static TaskAccumulator accumulator(int maxExamples) {
        return new TaskAccumulator(new TaskPolicy(2, 1, 0.3, maxExamples, "salt"));
    }

    @Property(tries = 200)
    void neverHoldsAnExampleTwiceAndSupportAndQueryAreDisjoint(
            @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 40) Integer> numbers,
            @ForAll @IntRange(min = 3, max = 30) int maxExamples) {
        Run run = fold(accumulator(maxExamples), numbers);

        List<String> all = run.state().entries().stream().map(e -> e.example().exampleId()).toList();
        assertThat(all).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(maxExamples);
        assertThat(all).hasSize(Math.min(maxExamples, new HashSet<>(numbers).size()));
        for (PersonaTask task : run.emitted()) {
            Set<String> support = new HashSet<>(task.support().stream().map(ConversationExample::exampleId).toList());
            assertThat(task.support()).doesNotHaveDuplicates();
            assertThat(task.query()).doesNotHaveDuplicates()
                    .noneMatch(q -> support.contains(q.exampleId()));
            assertThat(task.size()).isLessThanOrEqualTo(maxExamples);
            assertThat(task.support()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(task.query()).hasSizeGreaterThanOrEqualTo(1);
        }
    }

    @Property(tries = 200)
    void taskContentDependsOnlyOnTheSetOfExamplesNotTheirOrder(
            @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 60) Integer> numbers,
            @ForAll @IntRange(min = 3, max = 30) int maxExamples, @ForAll long seed) {
        List<Integer> shuffled = new ArrayList<>(numbers);
        Collections.shuffle(shuffled, new Random(seed));
        List<Integer> repeated = new ArrayList<>(numbers);
        repeated.addAll(shuffled);

        Run a = fold(accumulator(maxExamples), numbers);
        Run b = fold(accumulator(maxExamples), shuffled);
        Run c = fold(accumulator(maxExamples), repeated);

        assertThat(b.ids(false)).isEqualTo(a.ids(false));
        assertThat(b.ids(true)).isEqualTo(a.ids(true));
        assertThat(c.ids(false)).isEqualTo(a.ids(false));
        assertThat(c.ids(true)).isEqualTo(a.ids(true));
    }

    @Property(tries = 100)
    void revisionsCountUpByOneFromZeroAndOnlyTasksMeetingTheMinimumsAreEmitted(
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 40) Integer> numbers) {
        Run run = fold(accumulator(20), numbers);
        for (int i = 0; i < run.emitted().size(); i++) {
            assertThat(run.emitted().get(i).revision()).isEqualTo(i);
        }
        assertThat(run.state().nextRevision()).isEqualTo(run.emitted().size());
    }

    @Property(tries = 100)
    void emittingLessOftenGivesTheSameFinalTaskWithFewerRevisions(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 40) Integer> numbers) {
        TaskAccumulator acc = accumulator(20);
        Run eager = fold(acc, numbers);
        TaskState lazy = TaskState.empty("p", Split.TRAIN);
        long offset = 0;
        for (int n : numbers) {
            lazy = acc.add(lazy, example("p", n), offset(offset++)).state();
        }
        var once = acc.emit(lazy);

        assertThat(once.isPresent()).isEqualTo(!eager.emitted().isEmpty());
        once.ifPresent(e -> {
            PersonaTask last = eager.emitted().get(eager.emitted().size() - 1);
            assertThat(e.task().support()).isEqualTo(last.support());
            assertThat(e.task().query()).isEqualTo(last.query());
            assertThat(e.task().revision()).isZero();
            assertThat(acc.emit(e.state())).as("nothing changed since").isEmpty();
        });
    }

    @Property(tries = 100)
    void theAssignmentOfAnExampleNeverChanges(@ForAll @IntRange(min = 0, max = 1_000_000) int n) {
        String id = example("p", n).exampleId();
        assertThat(accumulator(10).isQuery(id)).isEqualTo(accumulator(99).isQuery(id));
    }
}
