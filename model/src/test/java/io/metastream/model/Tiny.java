package io.metastream.model;

import io.metastream.model.text.Encoded;
import io.metastream.model.text.TokenBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic tiny token batches for tests (no tokenizer needed). */
public final class Tiny {

  private Tiny() {}

  /** {@code rows} sequences of random length in [3, maxLen] with ids in [3, vocab). */
  public static TokenBatch batch(int rows, int maxLen, int vocab, long pad, long seed) {
    Random r = new Random(seed);
    List<Encoded> seqs = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      int len = 3 + r.nextInt(maxLen - 2);
      long[] ids = new long[len];
      for (int t = 0; t < len; t++) {
        ids[t] = 3 + r.nextInt(vocab - 3);
      }
      seqs.add(new Encoded(ids, new long[len]));
    }
    return TokenBatch.pad(seqs, pad);
  }
}
