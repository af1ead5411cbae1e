package io.metastream.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Sentence pooling of encoder outputs. */
public final class Pooling {

  private Pooling() {}

  /** Mean of the non-padding token states: hidden [N, L, H], mask [N, L] -> [N, H]. */
  public static NDArray mean(NDArray hidden, NDArray mask) {
    NDArray m = mask.toType(DataType.FLOAT32, false).expandDims(2);
    NDArray counts = m.sum(new int[] {1}).maximum(1e-9f);
    return hidden.mul(m).sum(new int[] {1}).div(counts);
  }

  /** The first token's state ([CLS] / {@code <s>}): [N, L, H] -> [N, H]. */
  public static NDArray first(NDArray hidden) {
    return hidden.get(":, 0, :");
  }
}
