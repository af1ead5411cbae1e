package io.metastream.ingest;

import static io.metastream.ingest.Examples.example;
import static io.metastream.ingest.Examples.inDialogue;
import static io.metastream.ingest.Examples.offset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.OffsetRange;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.domain.serde.JsonSerde;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TaskAccumulatorTest {
    private static final int BIG = 1 << 24;
    private final TaskAccumulator acc = new TaskAccumulator(new TaskPolicy(3, 2, 0.4, 1_000, BIG, "salt"));

    private static List<PersonaTask> feed(TaskBook book, int count, IntFunction<ConversationExample> example) {
        List<PersonaTask> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            book.add(example.apply(i), offset(i));
            book.emit().ifPresent(out::add);
        }
        return out;
    }

    private List<PersonaTask> feed(String persona, Split split, int count) {
        return feed(new TaskBook(acc, persona, split), count, i -> inDialogue(persona, i, i));
    }

    @Test
    void emitsNothingUntilSupportAndQueryMinimumsAreMet() {
        List<PersonaTask> tasks = feed("p", Split.TRAIN, 40);

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
    void queryShareOfDialoguesIsTheConfiguredFraction() {
        List<PersonaTask> tasks = feed("p", Split.TRAIN, 600);
        PersonaTask last = tasks.get(tasks.size() - 1);
        // 600 dialogues of one example at 0.4: a quota, so exactly 240
        assertThat(last.size()).isEqualTo(600);
        assertThat(last.query()).hasSize(240);
        assertThat(acc.queryDialogues(2)).isEqualTo(1);
        assertThat(acc.queryDialogues(1)).isZero();
        assertThat(acc.queryDialogues(4)).isEqualTo(2);
        assertThat(acc.queryDialogues(3)).isEqualTo(1);
    }

    @Test
    void allTurnsOfADialogueAreOnOneSide() {
        TaskBook book = new TaskBook(acc, "p", Split.TRAIN);
        for (int i = 0; i < 200; i++) {
            book.add(inDialogue("p", i, i % 20), offset(i));
        }
        PersonaTask task = book.emit().orElseThrow();
        Set<String> supportDialogues = new HashSet<>(task.support().stream().map(ConversationExample::dialogueId).toList());
        assertThat(task.query()).isNotEmpty().allSatisfy(q -> assertThat(supportDialogues).doesNotContain(q.dialogueId()));
        // so no query reply can be quoted in a support example's context
        Set<String> supportText = new HashSet<>();
        task.support().forEach(s -> {
            supportText.addAll(s.context());
            supportText.add(s.reply());
        });
        assertThat(task.query()).allSatisfy(q -> assertThat(supportText).doesNotContain(q.reply()));
    }

    @Test
    void anExampleMovedToAnotherDialogueChangesSidesOnlyWithItsDialogue() {
        TaskBook book = new TaskBook(acc, "p", Split.TRAIN);
        for (int i = 0; i < 40; i++) {
            book.add(inDialogue("p", i, i % 8), offset(i));
        }
        var queryDialogues = acc.queryDialogues(book.held.values().stream().map(TaskEntry::dialogueId).toList());
        String queryDialogue = queryDialogues.iterator().next();
        String supportDialogue = IntStream.range(0, 8).mapToObj(d -> "p-dialogue-" + d)
                .filter(d -> !queryDialogues.contains(d)).findFirst().orElseThrow();
        PersonaTask before = book.emit().orElseThrow();
        ConversationExample moving = before.support().stream().filter(e -> e.dialogueId().equals(supportDialogue))
                .findFirst().orElseThrow();

        // the same example (same id, same text) in a query dialogue instead: a new persona history with it moved
        TaskBook moved = new TaskBook(acc, "p", Split.TRAIN);
        for (int i = 0; i < 40; i++) {
            ConversationExample e = inDialogue("p", i, i % 8);
            if (e.exampleId().equals(moving.exampleId())) {
                e = new ConversationExample(e.exampleId(), "p", queryDialogue, e.turn(), e.context(), e.reply(),
                        List.of(), List.of(), "test");
            }
            moved.add(e, offset(i));
        }
        PersonaTask after = moved.emit().orElseThrow();

        assertThat(after.query()).extracting(ConversationExample::exampleId).contains(moving.exampleId());
        // nobody else changed sides: sides are the dialogues', and the set of dialogues is the same
        assertThat(after.support()).extracting(ConversationExample::exampleId)
                .containsExactlyElementsOf(before.support().stream().map(ConversationExample::exampleId)
                        .filter(id -> !id.equals(moving.exampleId())).toList());
        Set<String> supportDialogues = new HashSet<>(after.support().stream().map(ConversationExample::dialogueId).toList());
        assertThat(after.query()).allSatisfy(q -> assertThat(supportDialogues).doesNotContain(q.dialogueId()));
    }

    @Test
    void ignoresADuplicateExampleId() {
        TaskBook book = new TaskBook(acc, "p", Split.TRAIN);
        book.add(example("p", 1), offset(0));
        TaskHead before = book.head;
        assertThat(book.add(example("p", 1), offset(7))).isEqualTo(TaskAccumulator.Change.DUPLICATE);
        assertThat(book.head).isEqualTo(before);
    }

    @Test
    void aFullTaskKeepsTheLowestRankedExamples() {
        TaskAccumulator small = new TaskAccumulator(new TaskPolicy(1, 0, 0.3, 5, BIG, "salt"));
        TaskBook book = new TaskBook(small, "p", Split.TRAIN);
        int dropped = 0;
        for (int i = 0; i < 50; i++) {
            if (book.add(example("p", i), offset(i)) == TaskAccumulator.Change.OVER_CAPACITY) {
                dropped++;
            }
        }
        List<Long> expected = IntStream.range(0, 50)
                .mapToObj(i -> StableHash.of("salt/rank", example("p", i).exampleId())).sorted().limit(5).toList();
        assertThat(book.held.keySet()).extracting(EntryKey::rank).containsExactlyElementsOf(expected);
        assertThat(dropped).isPositive();
    }

    @Test
    void aTaskNeverExceedsItsByteBudgetWhateverTheExampleSizes() {
        int budget = 64 * 1_024;
        TaskAccumulator bounded = new TaskAccumulator(new TaskPolicy(1, 0, 0.3, 10_000, budget, "salt"));
        TaskBook book = new TaskBook(bounded, "p", Split.TRAIN);
        int maxTask = 0;
        for (int i = 0; i < 300; i++) {
            String big = "w".repeat(1 + (i * 7919) % 8_000);
            book.add(new ConversationExample(ConversationExample.idFor("p", "" + i), "p", "p-d" + i, 0,
                    List.of(big), "reply " + i, List.of(), List.of(), "test"), offset(i));
            var emission = bounded.emit("p", book.head, book);
            if (emission.isPresent()) {
                maxTask = Math.max(maxTask, emission.get().json().length);
                book.head = emission.get().head();
            }
        }
        assertThat(maxTask).isPositive().isLessThanOrEqualTo(budget);
        assertThat(book.head.bytes()).isLessThanOrEqualTo(budget - TaskAccumulator.ENVELOPE_BYTES);
        assertThat(book.head.cutoff()).isNotNull();
        assertThat(book.held.keySet()).allSatisfy(k -> assertThat(k).isLessThan(book.head.cutoff()));
    }

    @Test
    void theSplicedTaskJsonIsWhatTheRecordSerdeReadsAndWrites() {
        TaskBook book = new TaskBook(acc, "p", Split.HELD_OUT);
        feed(book, 30, i -> Examples.withCandidates("p", i));
        book.head = new TaskHead(book.head.split(), book.head.nextRevision(), true, book.head.count(),
                book.head.bytes(), book.head.cutoff());
        byte[] json = acc.emit("p", book.head, book).orElseThrow().json();
        PersonaTask task = JsonSerde.personaTask().fromBytes(json);
        assertThat(JsonSerde.personaTask().toBytes(task)).isEqualTo(json);
        assertThat(task.size()).isEqualTo(30);
    }

    @Test
    void recordsTheSourceOffsetsOfTheHeldExamplesAsMergedRanges() {
        List<PersonaTask> tasks = feed("p", Split.TRAIN, 20);
        assertThat(tasks.get(tasks.size() - 1).sources()).containsExactly(new OffsetRange("conversations", 0, 0, 20));
    }

    @Test
    void heldOutStateEmitsHeldOutTaskIds() {
        List<PersonaTask> tasks = feed("q", Split.HELD_OUT, 20);
        assertThat(tasks).isNotEmpty().allSatisfy(t -> {
            assertThat(t.split()).isEqualTo(Split.HELD_OUT);
            assertThat(t.taskId()).isEqualTo(PersonaTask.taskIdFor("q", Split.HELD_OUT)).isEqualTo("q~held-out");
        });
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
        assertThatThrownBy(() -> new TaskPolicy(0, 0, 0.2, 10, BIG, "s")).hasMessageContaining("minSupport");
        assertThatThrownBy(() -> new TaskPolicy(1, 2, 0, 10, BIG, "s")).hasMessageContaining("queryFraction 0");
        assertThatThrownBy(() -> new TaskPolicy(8, 4, 0.2, 10, BIG, "s")).hasMessageContaining("maxExamples");
        assertThatThrownBy(() -> new TaskPolicy(1, 0, 1.0, 10, BIG, "s")).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> new TaskPolicy(1, 0, 0.2, 10, 100, "s")).hasMessageContaining("maxTaskBytes");
    }
}
