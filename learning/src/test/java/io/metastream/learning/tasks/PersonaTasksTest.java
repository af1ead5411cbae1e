package io.metastream.learning.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersonaTasksTest {

  static List<ConversationExample> examples(String persona, int n, List<String> facts) {
    List<ConversationExample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ConversationExample(persona + "-" + i, persona, persona + "-d" + i, 0,
          List.of("hello " + i), "reply " + persona + " " + i, List.of(), facts, "test"));
    }
    return out;
  }

  @Test
  void splitIsDeterministicAndIndependentOfFileOrder() {
    List<ConversationExample> all = new ArrayList<>(examples("p1", 10, List.of("i like cats")));
    all.addAll(examples("p2", 3, List.of("i run")));
    List<PersonaTask> a = PersonaTasks.split(all, Split.HELD_OUT, 4, 3, 9);
    Collections.reverse(all);
    List<PersonaTask> b = PersonaTasks.split(all, Split.HELD_OUT, 4, 3, 9);

    assertThat(a).isEqualTo(b);
    assertThat(a).singleElement().satisfies(t -> {
      assertThat(t.personaId()).isEqualTo("p1");
      assertThat(t.support()).hasSize(4);
      assertThat(t.query()).hasSize(3);
      assertThat(t.taskId()).isEqualTo("p1~held-out");
    });
  }

  @Test
  void largestPersonasAreKeptWithTiesByPersonaId() {
    List<ConversationExample> all = new ArrayList<>(examples("a", 3, List.of()));
    all.addAll(examples("b", 5, List.of()));
    all.addAll(examples("c", 3, List.of()));
    assertThat(PersonaTasks.ofLargestPersonas(all, 2)).extracting(ConversationExample::personaId)
        .containsOnly("a", "b");
  }

  @Test
  void refusesAnEvaluationPersonaThatIsAlsoARetrainingPersona() {
    List<PersonaTask> train = PersonaTasks.split(examples("p1", 4, List.of()), Split.TRAIN, 1, 0, 1);
    List<PersonaTask> eval = PersonaTasks.split(examples("p1", 4, List.of()), Split.HELD_OUT, 2, 2, 1);
    assertThat(catchThrowable(() -> PersonaTasks.checkDisjoint(train, eval, 2)))
        .hasMessageContaining("p1").hasMessageContaining("unseen personas");
  }

  @Test
  void refusesPersonasSharingTwoSentencesUnderDifferentIds() {
    List<PersonaTask> train = PersonaTasks.split(examples("x", 4,
        List.of("I love cats.", "I live in Paris.", "I am tall.")), Split.TRAIN, 1, 0, 1);
    List<PersonaTask> eval = PersonaTasks.split(examples("y", 4,
        List.of("i love cats", "i live in paris", "i play chess")), Split.HELD_OUT, 2, 2, 1);
    List<PersonaTask> other = PersonaTasks.split(examples("z", 4,
        List.of("i love cats", "i sing")), Split.HELD_OUT, 2, 2, 1);

    assertThat(catchThrowable(() -> PersonaTasks.checkDisjoint(train, eval, 2)))
        .hasMessageContaining("shares 2 persona sentences");
    PersonaTasks.checkDisjoint(train, other, 2);
  }
}
