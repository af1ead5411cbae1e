package io.metastream.learning.tasks;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.domain.data.PersonaData;
import io.metastream.domain.data.ReadOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns examples into persona tasks: group by persona, deterministic support/query split per persona,
 * caps, the largest personas first, and the disjointness check between retraining and evaluation
 * personas (the evaluation must be on unseen personas).
 */
public final class PersonaTasks {

  private PersonaTasks() {}

  /** Reads every example of a data file (any supported format) with its candidate set. */
  public static List<ConversationExample> read(Path file, ReadOptions options) throws IOException {
    List<ConversationExample> out = new ArrayList<>();
    PersonaData.open(file, options).forEach(out::add);
    return out;
  }

  /**
   * One task per persona. Each persona's examples are ordered by a seeded hash of their ids (so
   * the split does not depend on file order); the first {@code support} go to support, the next
   * {@code query} to query (0 = all the rest). Personas with fewer than {@code support + 1}
   * examples are left out (a task needs something to measure).
   */
  public static List<PersonaTask> split(List<ConversationExample> examples, Split split,
      int support, int query, long seed) {
    if (support < 1 || query < 0) {
      throw new IllegalArgumentException("support must be >= 1 and query >= 0, got " + support
          + " and " + query);
    }
    Map<String, List<ConversationExample>> byPersona = new TreeMap<>();
    for (ConversationExample e : examples) {
      byPersona.computeIfAbsent(e.personaId(), k -> new ArrayList<>()).add(e);
    }
    List<PersonaTask> tasks = new ArrayList<>();
    for (var entry : byPersona.entrySet()) {
      List<ConversationExample> list = dedupe(entry.getValue());
      if (list.size() < support + 1) {
        continue;
      }
      list.sort(Comparator.comparing(e -> ConversationExample.idFor(Long.toString(seed),
          e.exampleId())));
      int end = query == 0 ? list.size() : Math.min(list.size(), support + query);
      tasks.add(new PersonaTask(PersonaTask.taskIdFor(entry.getKey(), split), entry.getKey(),
          split, 0, list.subList(0, support), list.subList(support, end), List.of()));
    }
    return tasks;
  }

  /** The examples of the {@code n} personas with the most examples (ties by persona id). */
  public static List<ConversationExample> ofLargestPersonas(List<ConversationExample> examples,
      int n) {
    Map<String, Integer> counts = new TreeMap<>();
    examples.forEach(e -> counts.merge(e.personaId(), 1, Integer::sum));
    Set<String> keep = new HashSet<>(counts.keySet().stream()
        .sorted(Comparator.comparing((String id) -> -counts.get(id)).thenComparing(id -> id))
        .limit(n).toList());
    return examples.stream().filter(e -> keep.contains(e.personaId())).toList();
  }

  /**
   * Fails if a retraining persona is also an evaluation persona: the same persona id, or persona
   * sentences shared by at least {@code minShared} sentences (the data's identity rule is 2).
   */
  public static void checkDisjoint(List<PersonaTask> train, List<PersonaTask> eval, int minShared) {
    Set<String> trainIds = new HashSet<>();
    train.forEach(t -> trainIds.add(t.personaId()));
    for (PersonaTask t : eval) {
      if (trainIds.contains(t.personaId())) {
        throw new IllegalArgumentException("persona " + t.personaId() + " is in both the retraining "
            + "and the evaluation set; evaluate on unseen personas (use disjoint files or splits)");
      }
    }
    Map<String, Set<String>> trainFacts = facts(train);
    for (var e : facts(eval).entrySet()) {
      for (var t : trainFacts.entrySet()) {
        Set<String> shared = new HashSet<>(e.getValue());
        shared.retainAll(t.getValue());
        if (!shared.isEmpty() && shared.size() >= minShared) {
          throw new IllegalArgumentException("evaluation persona " + e.getKey() + " shares "
              + shared.size() + " persona sentences with retraining persona " + t.getKey()
              + " (e.g. '" + shared.iterator().next() + "'): it is the same persona; evaluate "
              + "on unseen personas");
        }
      }
    }
  }

  private static Map<String, Set<String>> facts(List<PersonaTask> tasks) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (PersonaTask t : tasks) {
      Set<String> f = out.computeIfAbsent(t.personaId(), k -> new HashSet<>());
      for (ConversationExample e : t.support()) {
        e.personaFacts().forEach(s -> f.add(normalise(s)));
      }
      for (ConversationExample e : t.query()) {
        e.personaFacts().forEach(s -> f.add(normalise(s)));
      }
    }
    return out;
  }

  /** Lower case, letters and digits only, single spaces: "I love cats." = "i love cats". */
  static String normalise(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
  }

  private static List<ConversationExample> dedupe(List<ConversationExample> list) {
    Map<String, ConversationExample> byId = new LinkedHashMap<>();
    list.forEach(e -> byId.putIfAbsent(e.exampleId(), e));
    return new ArrayList<>(byId.values());
  }
}
