package io.metastream.model.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;

/**
 * The task of every example in a batch, and the cheapest way to route it. When all examples share
 * one task, banks slice that task's weights directly. When the rows form equal, contiguous blocks
 * of distinct tasks (the usual layout of a multi-task step: each task brings its own mini-batch),
 * banks gather one weight per block and run one batched matmul per block; otherwise they gather
 * one weight per row.
 *
 * @param indices the per-example task index, int64 [N]
 * @param uniform the common task index, or -1 when the batch mixes tasks
 * @param blockIndices the task of each block, int64 [B], or null when the rows form no blocks
 * @param blockRows rows per block (0 without blocks)
 */
public record TaskIndex(NDArray indices, int uniform, NDArray blockIndices, int blockRows) {

  /** Builds the index arrays in {@code manager}. */
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
    long[] blocks = common >= 0 ? null : blocks(tasks);
    return new TaskIndex(manager.create(ids), common,
        blocks == null ? null : manager.create(blocks),
        blocks == null ? 0 : tasks.length / blocks.length);
  }

  /** The block tasks when {@code tasks} is B equal runs of distinct tasks, else null. */
  private static long[] blocks(int[] tasks) {
    int run = 1;
    while (run < tasks.length && tasks[run] == tasks[0]) {
      run++;
    }
    if (tasks.length % run != 0) {
      return null;
    }
    long[] out = new long[tasks.length / run];
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int b = 0; b < out.length; b++) {
      int t = tasks[b * run];
      for (int i = 1; i < run; i++) {
        if (tasks[b * run + i] != t) {
          return null;
        }
      }
      if (!seen.add(t)) {
        return null;
      }
      out[b] = t;
    }
    return out;
  }

  /** Whether rows form blocks (see {@link #blockIndices}). */
  public boolean blocked() {
    return blockIndices != null;
  }

  /** Per-task slices of a stacked parameter [T, ...] -> [N, ...] (or [...] if uniform). */
  NDArray select(NDArray stacked) {
    if (uniform >= 0) {
      return stacked.get(uniform);
    }
    return gather(stacked, indices);
  }

  /** Per-block slices of a stacked parameter [T, ...] -> [B, ...]. */
  NDArray selectBlocks(NDArray stacked) {
    return gather(stacked, blockIndices);
  }

  private static NDArray gather(NDArray stacked, NDArray rows) {
    long t = stacked.getShape().get(0);
    long per = stacked.getShape().size() / t;
    NDArray flat = stacked.reshape(t, per);
    NDArray picked = Embedding.embedding(rows, flat, SparseFormat.DENSE).singletonOrThrow();
    long[] dims = stacked.getShape().getShape().clone();
    dims[0] = rows.getShape().get(0);
    return picked.reshape(dims);
  }
}
