package io.metastream.model.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns contexts and candidates into token sequences for the two scorers, with length caps.
 * Contexts keep their most recent tokens (the last turn matters most); word pieces of each distinct
 * string are cached because the same replies come back every epoch.
 */
public final class TextCodec {

  private final PairTokenizer tokenizer;
  private final int contextLength;
  private final int candidateLength;
  private final long cls;
  private final long sep;
  private final Map<String, long[]> cache = new HashMap<>();

  /**
   * @param contextLength max tokens of a context sequence (bi-encoder), specials included
   * @param candidateLength max tokens of a candidate sequence (bi-encoder), specials included;
   *     a cross-encoder pair gets {@code contextLength + candidateLength}
   */
  public TextCodec(PairTokenizer tokenizer, int contextLength, int candidateLength) {
    if (contextLength < 4 || candidateLength < 4) {
      throw new IllegalArgumentException("context and candidate lengths must be >= 4 tokens");
    }
    this.tokenizer = tokenizer;
    this.contextLength = contextLength;
    this.candidateLength = candidateLength;
    long[] probe = tokenizer.encode("a", 8).ids();
    this.cls = probe[0];
    this.sep = probe[probe.length - 1];
  }

  public long padId() {
    return tokenizer.padId();
  }

  /** [CLS] most-recent context tokens [SEP], turns joined oldest first. */
  public Encoded context(List<String> turns) {
    List<Long> tail = new ArrayList<>();
    int budget = contextLength - 2;
    for (int i = turns.size() - 1; i >= 0 && tail.size() < budget; i--) {
      long[] t = pieces(turns.get(i));
      for (int j = t.length - 1; j >= 0 && tail.size() < budget; j--) {
        tail.add(t[j]);
      }
    }
    long[] ids = new long[tail.size() + 2];
    ids[0] = cls;
    for (int i = 0; i < tail.size(); i++) {
      ids[i + 1] = tail.get(tail.size() - 1 - i);
    }
    ids[ids.length - 1] = sep;
    return new Encoded(ids, new long[ids.length]);
  }

  /** [CLS] first candidate tokens [SEP]. */
  public Encoded candidate(String text) {
    long[] t = pieces(text);
    int keep = Math.min(t.length, candidateLength - 2);
    long[] ids = new long[keep + 2];
    ids[0] = cls;
    System.arraycopy(t, 0, ids, 1, keep);
    ids[keep + 1] = sep;
    return new Encoded(ids, new long[ids.length]);
  }

  /** A (context, candidate) pair in the tokenizer's layout, for the cross-encoder. */
  public Encoded pair(List<String> turns, String candidate) {
    return tokenizer.encodePair(turns, candidate, contextLength + candidateLength);
  }

  private long[] pieces(String text) {
    return cache.computeIfAbsent(text, tokenizer::tokenize);
  }
}
