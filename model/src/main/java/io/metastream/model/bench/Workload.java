package io.metastream.model.bench;

import io.metastream.domain.ConversationExample;
import io.metastream.model.train.TaskExamples;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic persona tasks shaped like the services' real ones: multi-turn contexts long enough to
 * fill the context cap, replies of a dozen words, 20 candidates per example (so a training step
 * always finds its distractors among them). Words are made of random syllables: what matters for
 * speed is the token count, not the meaning.
 */
final class Workload {

  private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "ta", "vo", "si", "de",
      "po", "an", "er", "in", "on", "us", "bar", "cat", "dog", "sun", "red"};

  private Workload() {}

  /** {@code tasks} tasks of {@code examples} examples each, deterministic for {@code seed}. */
  static List<TaskExamples> tasks(int tasks, int examples, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<TaskExamples> out = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      List<ConversationExample> mine = new ArrayList<>();
      for (int e = 0; e < examples; e++) {
        List<String> candidates = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
          candidates.add(sentence(r, 12));
        }
        List<String> context = List.of(sentence(r, 14), sentence(r, 14), sentence(r, 14));
        mine.add(new ConversationExample("bench-" + t + "-" + e, "persona-" + t, "d" + t, e,
            context, candidates.get(0), candidates, List.of(), "bench"));
      }
      out.add(new TaskExamples(t, mine));
    }
    return out;
  }

  private static String sentence(SplittableRandom r, int words) {
    StringBuilder b = new StringBuilder();
    for (int w = 0; w < words; w++) {
      if (w > 0) {
        b.append(' ');
      }
      b.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
      if (r.nextBoolean()) {
        b.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
      }
    }
    return b.toString();
  }
}
