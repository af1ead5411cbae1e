package io.metastream.model.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The task of every example in a batch. When all examples share one task, banks slice that task's
 * weights directly (cheaper); otherwise they gather per example and use batched matmuls.
 *
 * @param indices the per-example task index, int64 [N]
 * @param uniform the common task index, or -1 when the batch mixes tasks
 */
public record TaskIndex(NDArray indices, int uniform) {

  /** Builds the index array in {@code manager}. */
  public static TaskIndex of(NDManager manager, int[] tasks) {
    if (tasks.length == 0) {
      throw new IllegalArgumentException("a batch needs at least one example");
    }
    long[] ids = new long[tasks.length];
    int common = tasks[0];
    for (int i = 0; i < tasks.length; i++) {
      ids[i] = tasks[i];
      if (tasks[i] != common) {
        common = -1;
      }
    }
    return new TaskIndex(manager.create(ids), common);
  }

  /** Per-task slices of a stacked parameter [T, ...] -> [N, ...] (or [...] if uniform). */
  NDArray select(NDArray stacked) {
    if (uniform >= 0) {
      return stacked.get(uniform);
    }
    long t = stacked.getShape().get(0);
    long per = stacked.getShape().size() / t;
    NDArray flat = stacked.reshape(t, per);
    NDArray rows = ai.djl.nn.core.Embedding.embedding(indices, flat,
        ai.djl.ndarray.types.SparseFormat.DENSE).singletonOrThrow();
    long[] dims = stacked.getShape().getShape().clone();
    dims[0] = indices.getShape().get(0);
    return rows.reshape(dims);
  }
}
