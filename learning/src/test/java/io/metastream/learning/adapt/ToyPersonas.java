package io.metastream.learning.adapt;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A toy persona family: every persona prefers replies carrying one of its own two "style" words
 * (a subset of a shared pool of 12); distractors carry other style words; contexts are filler.
 * What separates personas is a low-dimensional shift (which style words count), shared structure is
 * "a reply's style word is what matters". Pooled over personas (SR) the style words carry no signal
 * (each is gold for some personas and a distractor for others); per-persona heads (LoRA-ML) reward a
 * base in which style words stand out, which is what few-shot adaptation on a new persona needs.
 */
public final class ToyPersonas {

  static final String[] STYLE = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
      "hotel", "india", "juliet", "kilo", "lima"};
  static final String[] FILLER = ("the a of to and in is it you that he was for on are with as his "
      + "they be at one have this from or had by word but what some we can out other were all "
      + "there when up use your how said an each she").split(" ");

  private ToyPersonas() {}

  /** Persona {@code p} with style words {@code (2p) mod 12} and {@code (2p + 1 + p / 6) mod 12}. */
  public static PersonaTask task(int persona, int support, int query, Split split, long seed) {
    int s1 = (2 * persona) % STYLE.length;
    int s2 = (2 * persona + 1 + persona / 6) % STYLE.length;
    if (s2 == s1) {
      s2 = (s2 + 1) % STYLE.length;
    }
    SplittableRandom r = new SplittableRandom(seed * 1000 + persona);
    String id = "toy" + persona;
    List<ConversationExample> all = new ArrayList<>();
    for (int i = 0; i < support + query; i++) {
      String gold = reply(r, STYLE[r.nextBoolean() ? s1 : s2]);
      List<String> cands = new ArrayList<>();
      cands.add(gold);
      while (cands.size() < 20) {
        int k = r.nextInt(STYLE.length);
        String c = reply(r, STYLE[k]);
        if (k != s1 && k != s2 && !cands.contains(c)) {
          cands.add(c);
        }
      }
      java.util.Collections.rotate(cands, r.nextInt(20));
      all.add(new ConversationExample(id + "-" + i, id, id + "-d" + i, 0,
          List.of(words(r, 6)), gold, cands, List.of(), "toy"));
    }
    return new PersonaTask(PersonaTask.taskIdFor(id, split), id, split, 0,
        all.subList(0, support), all.subList(support, all.size()), List.of());
  }

  private static String reply(SplittableRandom r, String style) {
    List<String> w = new ArrayList<>(List.of(words(r, 4).split(" ")));
    w.add(r.nextInt(w.size() + 1), style);
    return String.join(" ", w);
  }

  private static String words(SplittableRandom r, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : " ").append(FILLER[r.nextInt(FILLER.length)]);
    }
    return b.toString();
  }

  /** Tasks whose gold reply repeats the context word for word (distractors are other strings). */
  public static List<PersonaTask> echoTasks(int count, int support, int query, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<PersonaTask> out = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      String id = "echo" + p;
      List<ConversationExample> all = new ArrayList<>();
      for (int i = 0; i < support + query; i++) {
        String context = words(r, 5);
        List<String> cands = new ArrayList<>(List.of(context));
        while (cands.size() < 20) {
          String c = words(r, 5);
          if (!cands.contains(c)) {
            cands.add(c);
          }
        }
        all.add(new ConversationExample(id + "-" + i, id, id + "-d" + i, 0, List.of(context),
            context, cands, List.of(), "toy"));
      }
      out.add(new PersonaTask(id + "~held-out", id, Split.HELD_OUT, 0, all.subList(0, support),
          all.subList(support, all.size()), List.of()));
    }
    return out;
  }

  /** Personas {@code from .. from+count-1}. */
  public static List<PersonaTask> tasks(int from, int count, int support, int query, Split split,
      long seed) {
    List<PersonaTask> out = new ArrayList<>();
    for (int p = from; p < from + count; p++) {
      out.add(task(p, support, query, split, seed));
    }
    return out;
  }
}
