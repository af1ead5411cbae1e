package io.metastream.learning.adapt;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded shuffling and chunking of example lists. */
public final class Batches {

  private Batches() {}

  /** A Fisher-Yates shuffled copy. */
  public static <T> List<T> shuffled(List<T> items, SplittableRandom random) {
    List<T> out = new ArrayList<>(items);
    for (int i = out.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T t = out.get(i);
      out.set(i, out.get(j));
      out.set(j, t);
    }
    return out;
  }

  /** Consecutive chunks of at most {@code size} (the last may be shorter). */
  public static <T> List<List<T>> split(List<T> items, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      out.add(List.copyOf(items.subList(i, Math.min(items.size(), i + size))));
    }
    return out;
  }
}
