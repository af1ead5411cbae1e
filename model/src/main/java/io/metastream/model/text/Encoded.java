package io.metastream.model.text;

/**
 * One tokenised sequence with its special tokens.
 *
 * @param ids token ids
 * @param types token type ids (same length)
 */
public record Encoded(long[] ids, long[] types) {
  public Encoded {
    if (ids.length == 0 || ids.length != types.length) {
      throw new IllegalArgumentException("ids and types must be non-empty and of equal length");
    }
    ids = ids.clone();
    types = types.clone();
  }
}
