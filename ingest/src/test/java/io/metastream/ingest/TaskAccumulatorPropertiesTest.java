package io.metastream.ingest;

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

    /** Example n with a size that varies with n, so the byte budget bites at different places. */
    private static ConversationExample example(int n) {
        return new ConversationExample(ConversationExample.idFor("p", Integer.toString(n)), "p", "p-d" + (n % 7),
                n, List.of("turn " + "x".repeat((n * 37) % 600)), "reply " + n, List.of(), List.of(), "test");
    }

    /** Folds the examples (by number) in the given order; returns the book and every emitted task, in order. */
    private static Run fold(TaskAccumulator acc, List<Integer> numbers) {
        TaskBook book = new TaskBook(acc, "p", Split.TRAIN);
        List<PersonaTask> emitted = new ArrayList<>();
        long offset = 0;
        for (int n : numbers) {
            book.add(example(n), offset(offset++));
            book.emit().ifPresent(emitted::add);
        }
        return new Run(book, emitted);
    }

    private record Run(TaskBook book, List<PersonaTask> emitted) {
    }

    private static TaskAccumulator accumulator(int maxExamples, int maxTaskBytes) {
        return new TaskAccumulator(new TaskPolicy(2, 1, 0.3, maxExamples, maxTaskBytes, "salt"));
    }

    @Property(tries = 200)
    void neverHoldsAnExampleTwiceStaysWithinBothCapsAndSidesAreDisjoint(
            @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 40) Integer> numbers,
            @ForAll @IntRange(min = 3, max = 30) int maxExamples,
            @ForAll @IntRange(min = 6_000, max = 20_000) int maxTaskBytes) {
        Run run = fold(accumulator(maxExamples, maxTaskBytes), numbers);

        List<String> all = new ArrayList<>(run.book().ids(false));
        all.addAll(run.book().ids(true));
        assertThat(all).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(maxExamples);
        assertThat(run.book().head.count()).isEqualTo(all.size());
        for (PersonaTask task : run.emitted()) {
            Set<String> support = new HashSet<>(task.support().stream().map(ConversationExample::exampleId).toList());
            Set<String> supportDialogues = new HashSet<>(task.support().stream().map(ConversationExample::dialogueId).toList());
            assertThat(task.query()).noneMatch(q -> support.contains(q.exampleId()))
                    .noneMatch(q -> supportDialogues.contains(q.dialogueId()));
            assertThat(task.size()).isLessThanOrEqualTo(maxExamples);
            assertThat(task.support()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(task.query()).hasSizeGreaterThanOrEqualTo(1);
            assertThat(io.metastream.domain.serde.JsonSerde.personaTask().toBytes(task).length)
                    .isLessThanOrEqualTo(maxTaskBytes);
        }
    }

    @Property(tries = 200)
    void taskContentDependsOnlyOnTheSetOfExamplesNotTheirOrder(
            @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 60) Integer> numbers,
            @ForAll @IntRange(min = 3, max = 30) int maxExamples,
            @ForAll @IntRange(min = 6_000, max = 20_000) int maxTaskBytes, @ForAll long seed) {
        List<Integer> shuffled = new ArrayList<>(numbers);
        Collections.shuffle(shuffled, new Random(seed));
        List<Integer> repeated = new ArrayList<>(numbers);
        repeated.addAll(shuffled);

        Run a = fold(accumulator(maxExamples, maxTaskBytes), numbers);
        Run b = fold(accumulator(maxExamples, maxTaskBytes), shuffled);
        Run c = fold(accumulator(maxExamples, maxTaskBytes), repeated);

        for (boolean query : new boolean[] {false, true}) {
            assertThat(b.book().ids(query)).isEqualTo(a.book().ids(query));
            assertThat(c.book().ids(query)).isEqualTo(a.book().ids(query));
        }
        assertThat(b.book().head.cutoff()).isEqualTo(a.book().head.cutoff());
    }

    @Property(tries = 100)
    void revisionsCountUpByOneFromZeroAndOnlyTasksMeetingTheMinimumsAreEmitted(
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 40) Integer> numbers) {
        Run run = fold(accumulator(20, 1 << 20), numbers);
        for (int i = 0; i < run.emitted().size(); i++) {
            assertThat(run.emitted().get(i).revision()).isEqualTo(i);
        }
        assertThat(run.book().head.nextRevision()).isEqualTo(run.emitted().size());
    }

    @Property(tries = 100)
    void emittingLessOftenGivesTheSameFinalTaskWithFewerRevisions(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 40) Integer> numbers) {
        TaskAccumulator acc = accumulator(20, 1 << 20);
        Run eager = fold(acc, numbers);
        TaskBook lazy = new TaskBook(acc, "p", Split.TRAIN);
        long offset = 0;
        for (int n : numbers) {
            lazy.add(example(n), offset(offset++));
        }
        var once = lazy.emit();

        assertThat(once.isPresent()).isEqualTo(!eager.emitted().isEmpty());
        once.ifPresent(task -> {
            PersonaTask last = eager.emitted().get(eager.emitted().size() - 1);
            assertThat(task.support()).isEqualTo(last.support());
            assertThat(task.query()).isEqualTo(last.query());
            assertThat(task.revision()).isZero();
            assertThat(lazy.emit()).as("nothing changed since").isEmpty();
        });
    }

    @Property(tries = 200)
    void theQueryDialoguesDependOnTheSetOfDialoguesAloneAndLeaveBothSides(
            @ForAll @Size(min = 0, max = 30) List<@IntRange(min = 0, max = 50) Integer> dialogues, @ForAll long seed) {
        TaskAccumulator acc = accumulator(10, 1 << 20);
        List<String> ids = dialogues.stream().map(d -> "p-dialogue-" + d).toList();
        List<String> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled, new Random(seed));
        Set<String> query = acc.queryDialogues(ids);
        assertThat(acc.queryDialogues(shuffled)).isEqualTo(query);
        int distinct = new HashSet<>(ids).size();
        if (distinct >= 2) {
            assertThat(query.size()).isBetween(1, distinct - 1);
        } else {
            assertThat(query).isEmpty();
        }
    }
}
