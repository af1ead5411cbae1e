package io.metastream.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Loss functions on logits. */
public final class Losses {

  private Losses() {}

  /** Mean softmax cross-entropy of logits [N, C] against class indices [N] (int64). */
  public static NDArray crossEntropy(NDArray logits, NDArray labels) {
    NDArray logProbs = logits.logSoftmax(-1);
    NDArray picked = logProbs.gather(labels.reshape(-1, 1), 1);
    return picked.mean().neg();
  }

  /**
   * Softmax cross-entropy of logits [N, C] against class indices, averaged within each task and
   * summed over tasks ({@code tasks[i]} is row i's task): a single-task batch gets the plain mean.
   */
  public static NDArray perTaskCrossEntropy(NDArray logits, int[] labels, int[] tasks,
      NDManager manager) {
    long[] gold = new long[labels.length];
    for (int i = 0; i < labels.length; i++) {
      gold[i] = labels[i];
    }
    NDArray picked = logits.logSoftmax(-1).gather(manager.create(gold).reshape(-1, 1), 1)
        .reshape(-1);
    return picked.mul(manager.create(taskWeights(tasks))).sum().neg();
  }

  /** 1 / (rows of the same task), so the sum over a task's rows is that task's mean. */
  static float[] taskWeights(int[] tasks) {
    java.util.Map<Integer, Integer> count = new java.util.HashMap<>();
    for (int t : tasks) {
      count.merge(t, 1, Integer::sum);
    }
    float[] w = new float[tasks.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = 1f / count.get(tasks[i]);
    }
    return w;
  }
}
