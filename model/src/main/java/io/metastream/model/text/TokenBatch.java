package io.metastream.model.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A padded batch of token sequences as flat row-major Java arrays [rows, length].
 *
 * @param rows number of sequences N
 * @param length padded length L
 * @param ids token ids
 * @param mask 1 for real tokens, 0 for padding
 * @param types token type ids
 */
public record TokenBatch(int rows, int length, long[] ids, long[] mask, long[] types) {

  public TokenBatch {
    long cells = (long) rows * length;
    if (rows <= 0 || length <= 0) {
      throw new IllegalArgumentException("a batch needs rows > 0 and length > 0");
    }
    if (ids.length != cells || mask.length != cells || types.length != cells) {
      throw new IllegalArgumentException("ids/mask/types must each hold rows*length = " + cells);
    }
    ids = ids.clone();
    mask = mask.clone();
    types = types.clone();
  }

  /** Pads {@code sequences} (right padding with {@code padId}) to the longest one. */
  public static TokenBatch pad(List<Encoded> sequences, long padId) {
    if (sequences.isEmpty()) {
      throw new IllegalArgumentException("cannot batch zero sequences");
    }
    int len = sequences.stream().mapToInt(s -> s.ids().length).max().orElseThrow();
    int n = sequences.size();
    long[] ids = new long[n * len];
    long[] mask = new long[n * len];
    long[] types = new long[n * len];
    java.util.Arrays.fill(ids, padId);
    for (int i = 0; i < n; i++) {
      Encoded s = sequences.get(i);
      System.arraycopy(s.ids(), 0, ids, i * len, s.ids().length);
      System.arraycopy(s.types(), 0, types, i * len, s.types().length);
      java.util.Arrays.fill(mask, i * len, i * len + s.ids().length, 1L);
    }
    return new TokenBatch(n, len, ids, mask, types);
  }

  /** Number of real (non-padding) tokens. */
  public long tokenCount() {
    long c = 0;
    for (long m : mask) {
      c += m;
    }
    return c;
  }

  /** Creates (ids, mask, types) int64 arrays of shape [rows, length] in {@code manager}. */
  public NDList toNDList(NDManager manager) {
    Shape shape = new Shape(rows, length);
    NDArray i = manager.create(ids, shape);
    NDArray m = manager.create(mask, shape);
    NDArray t = manager.create(types, shape);
    return new NDList(i, m, t);
  }
}
