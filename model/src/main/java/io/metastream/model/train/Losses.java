package io.metastream.model.train;

import ai.djl.ndarray.NDArray;

/** Loss functions on logits. */
public final class Losses {

  private Losses() {}

  /** Mean softmax cross-entropy of logits [N, C] against class indices [N] (int64). */
  public static NDArray crossEntropy(NDArray logits, NDArray labels) {
    NDArray logProbs = logits.logSoftmax(-1);
    NDArray picked = logProbs.gather(labels.reshape(-1, 1), 1);
    return picked.mean().neg();
  }
}
