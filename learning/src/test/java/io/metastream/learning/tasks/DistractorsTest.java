package io.metastream.learning.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.data.ReadOptions;
import io.metastream.testkit.SharedData;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** On the real files: a persona's distractors are never that persona's own replies. */
class DistractorsTest {

  @ParameterizedTest
  @ValueSource(strings = {SharedData.CONVAI2_VALID, SharedData.SPC_TEST})
  void noDistractorIsAReplyOfTheSamePersona(String name) throws IOException {
    List<ConversationExample> examples = PersonaTasks.read(SharedData.personaFile(name), ReadOptions.defaults());
    Map<String, Set<String>> replies = new HashMap<>();
    examples.forEach(e -> replies.computeIfAbsent(e.personaId(), k -> new HashSet<>())
        .add(PersonaTasks.normalise(e.reply())));
    long distractors = 0;
    long own = 0;
    for (ConversationExample e : examples) {
      assertThat(e.candidates()).hasSize(ReadOptions.DEFAULT_CANDIDATES).contains(e.reply());
      for (String c : e.candidates()) {
        if (!c.equals(e.reply())) {
          distractors++;
          own += replies.get(e.personaId()).contains(PersonaTasks.normalise(c)) ? 1 : 0;
        }
      }
    }
    System.out.printf("%s: %d distractors, %d are the persona's own replies%n", name, distractors, own);
    assertThat(own).isZero();
  }
}
