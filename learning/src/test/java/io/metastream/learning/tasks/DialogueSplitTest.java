package io.metastream.learning.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The support/query split keeps every dialogue on one side. */
class DialogueSplitTest {

  /** {@code dialogues} dialogues of persona p, dialogue d holding {@code turns(d)} turns. */
  static List<ConversationExample> persona(String p, int dialogues, int maxTurns, long shape) {
    Random r = new Random(shape);
    List<ConversationExample> out = new ArrayList<>();
    for (int d = 0; d < dialogues; d++) {
      int turns = 1 + r.nextInt(maxTurns);
      for (int t = 0; t < turns; t++) {
        out.add(example(p, p + "-d" + d, t));
      }
    }
    return out;
  }

  static ConversationExample example(String p, String dialogue, int turn) {
    List<String> context = new ArrayList<>();
    for (int i = 0; i < turn; i++) {
      context.add("partner said " + dialogue + " " + i); // never a reply verbatim: no repeats to drop
    }
    context.add("question " + dialogue + " " + turn);
    return new ConversationExample(p + "/" + dialogue + "/" + turn, p, dialogue, turn, context,
        "reply " + dialogue + " " + turn, List.of(), List.of(), "test");
  }

  static Map<String, String> sideOfDialogue(PersonaTask t) {
    Map<String, String> side = new HashMap<>();
    t.support().forEach(e -> side.merge(e.dialogueId(), "support", (a, b) -> a.equals(b) ? a : "both"));
    t.query().forEach(e -> side.merge(e.dialogueId(), "query", (a, b) -> a.equals(b) ? a : "both"));
    return side;
  }

  @Property(tries = 200)
  void noDialogueIsOnBothSidesAndFileOrderDoesNotMatter(@ForAll @IntRange(min = 2, max = 12) int dialogues,
      @ForAll @IntRange(min = 1, max = 9) int maxTurns, @ForAll @IntRange(min = 1, max = 20) int support,
      @ForAll @IntRange(min = 0, max = 20) int query, @ForAll long shape, @ForAll long seed) {
    List<ConversationExample> all = new ArrayList<>(persona("p", dialogues, maxTurns, shape));
    List<PersonaTask> a = PersonaTasks.split(all, Split.HELD_OUT, support, query, seed);
    Collections.shuffle(all, new Random(shape + 1));
    assertThat(PersonaTasks.split(all, Split.HELD_OUT, support, query, seed)).isEqualTo(a);
    for (PersonaTask t : a) {
      assertThat(sideOfDialogue(t)).doesNotContainValue("both");
      assertThat(t.support()).hasSize(support);
      assertThat(t.query()).isNotEmpty();
      if (query > 0) {
        assertThat(t.query()).hasSizeLessThanOrEqualTo(query);
      }
    }
  }

  @Property(tries = 200)
  void anExampleMovedToAnotherDialogueChangesSidesOnlyWithThatDialogue(
      @ForAll @IntRange(min = 3, max = 10) int dialogues, @ForAll long shape, @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 1000) int pick, @ForAll @IntRange(min = 0, max = 1000) int target) {
    List<ConversationExample> all = persona("p", dialogues, 4, shape);
    // support 1 and query 0: the first-ranked dialogue to support (cut to one example), every other
    // whole dialogue to query (never cut).
    ConversationExample moved = all.get(pick % all.size());
    String to = "p-d" + (target % dialogues);
    Assume.that(all.stream().filter(e -> e.dialogueId().equals(moved.dialogueId())).count() > 1
        || moved.dialogueId().equals(to)); // emptying a dialogue removes it, which is another change
    List<ConversationExample> after = new ArrayList<>(all);
    after.remove(moved);
    after.add(new ConversationExample(moved.exampleId(), "p", to, 100, moved.context(), moved.reply(),
        List.of(), List.of(), "test"));

    PersonaTask before = PersonaTasks.split(all, Split.HELD_OUT, 1, 0, seed).get(0);
    List<PersonaTask> split = PersonaTasks.split(after, Split.HELD_OUT, 1, 0, seed);
    if (split.isEmpty()) {
      return; // the move emptied the only other dialogue: nothing left to measure
    }
    PersonaTask now = split.get(0);
    Map<String, String> sidesBefore = sideOfDialogue(before);
    Map<String, String> sidesNow = sideOfDialogue(now);
    assertThat(sidesNow).doesNotContainValue("both");
    String movedSide = side(now, moved.exampleId());
    if (movedSide.equals("none")) {
      assertThat(sidesNow.get(to)).as("only the support side is cut").isEqualTo("support");
    } else {
      assertThat(movedSide).as("the moved example sits with its new dialogue").isEqualTo(sidesNow.get(to));
    }
    for (var d : sidesNow.entrySet()) {
      if (sidesBefore.containsKey(d.getKey())) {
        assertThat(d.getValue()).as("dialogue " + d.getKey() + " keeps its side").isEqualTo(sidesBefore.get(d.getKey()));
      }
    }
  }

  private static String side(PersonaTask t, String exampleId) {
    if (t.support().stream().anyMatch(e -> e.exampleId().equals(exampleId))) {
      return "support";
    }
    return t.query().stream().anyMatch(e -> e.exampleId().equals(exampleId)) ? "query" : "none";
  }

  @Test
  void aPersonaWithOneDialogueCannotBeSplitAndIsLeftOut() {
    assertThat(PersonaTasks.split(persona("p", 1, 9, 3), Split.HELD_OUT, 1, 0, 1)).isEmpty();
  }

  @Test
  void aPersonasDialoguesAreSplitTheSameWhateverOtherPersonasArePresent() {
    List<ConversationExample> one = persona("p", 8, 5, 11);
    List<ConversationExample> two = new ArrayList<>(one);
    two.addAll(persona("q", 8, 5, 12));
    assertThat(PersonaTasks.split(two, Split.HELD_OUT, 6, 10, 5).get(0))
        .isEqualTo(PersonaTasks.split(one, Split.HELD_OUT, 6, 10, 5).get(0));
  }

  /** The dialogue ids of a task's support side (for the leak test's report). */
  static Set<String> supportDialogues(PersonaTask t) {
    Set<String> out = new HashSet<>();
    t.support().forEach(e -> out.add(e.dialogueId()));
    return out;
  }
}
