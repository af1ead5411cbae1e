package io.metastream.learning.tasks;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.domain.data.PersonaData;
import io.metastream.domain.data.ReadOptions;
import io.metastream.domain.data.TextKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
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
   * One task per persona, split BY DIALOGUE so no dialogue has turns on both sides (a query's gold
   * reply would otherwise appear word for word in a later support turn's context). A persona's
   * dialogues are ranked by a salted hash of (seed, dialogue id), so the split depends neither on
   * file order nor on which other examples are present; whole dialogues in rank order go to support
   * until it holds at least {@code support} examples, the following whole dialogues to query until it
   * holds at least {@code query} (0 = every remaining dialogue). Each side is then cut to its count
   * (examples ordered by dialogue rank, then turn): cutting within one side cannot leak. A persona
   * whose dialogues cannot fill {@code support} and leave at least one query example is left out.
   * Query examples whose gold reply is verbatim support text are dropped ({@link #withoutRepeatsOf}).
   * (The PersonaChat paper holds out a persona's last dialogues; a hash rank is the order-free
   * equivalent of "some whole dialogues".)
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
      List<List<ConversationExample>> dialogues = rankedDialogues(dedupe(entry.getValue()), seed);
      List<ConversationExample> supportSide = new ArrayList<>();
      List<ConversationExample> querySide = new ArrayList<>();
      for (List<ConversationExample> d : dialogues) {
        if (supportSide.size() < support) {
          supportSide.addAll(d);
        } else if (query == 0 || querySide.size() < query) {
          querySide.addAll(d);
        }
      }
      if (supportSide.size() < support) {
        continue;
      }
      List<ConversationExample> kept = supportSide.subList(0, support);
      querySide = withoutRepeatsOf(kept, querySide);
      if (querySide.isEmpty()) {
        continue;
      }
      int queryEnd = query == 0 ? querySide.size() : Math.min(query, querySide.size());
      tasks.add(new PersonaTask(PersonaTask.taskIdFor(entry.getKey(), split), entry.getKey(),
          split, 0, kept, querySide.subList(0, queryEnd), List.of()));
    }
    return tasks;
  }

  /**
   * The query examples whose gold reply (normalised) is not text of the support side, in context or
   * reply. Whole dialogues already keep a dialogue's own turns off the other side; this also drops
   * the few generic replies another dialogue repeats verbatim ("i'm good, how are you?"), whose
   * answer the adapted model would have seen (about 2% of Synthetic-Persona-Chat's queries, 0.03% of
   * ConvAI2's).
   */
  static List<ConversationExample> withoutRepeatsOf(List<ConversationExample> support,
      List<ConversationExample> query) {
    Set<String> seen = new HashSet<>();
    for (ConversationExample s : support) {
      s.context().forEach(c -> seen.add(normalise(c)));
      seen.add(normalise(s.reply()));
    }
    return query.stream().filter(q -> !seen.contains(normalise(q.reply()))).toList();
  }

  /** A persona's dialogues in salted-hash rank order, each dialogue's examples by turn (then id). */
  static List<List<ConversationExample>> rankedDialogues(List<ConversationExample> examples,
      long seed) {
    Map<String, List<ConversationExample>> byRank = new TreeMap<>();
    for (ConversationExample e : examples) {
      String rank = ConversationExample.idFor("dialogue", Long.toString(seed), e.dialogueId())
          + e.dialogueId();
      byRank.computeIfAbsent(rank, k -> new ArrayList<>()).add(e);
    }
    List<List<ConversationExample>> out = new ArrayList<>();
    for (List<ConversationExample> d : byRank.values()) {
      d.sort(Comparator.comparingInt(ConversationExample::turn)
          .thenComparing(ConversationExample::exampleId));
      out.add(d);
    }
    return out;
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
    return TextKey.of(s);
  }

  private static List<ConversationExample> dedupe(List<ConversationExample> list) {
    Map<String, ConversationExample> byId = new LinkedHashMap<>();
    list.forEach(e -> byId.putIfAbsent(e.exampleId(), e));
    return new ArrayList<>(byId.values());
  }
}
