package io.metastream.model.train;

import io.metastream.model.text.TokenBatch;

/**
 * One training or scoring batch where every example carries its task index.
 *
 * <p>Cross-encoder: {@code first} holds (context, candidate) pairs, one row per pair,
 * {@code labels[i]} is 1 for the gold pair and 0 for a distractor, {@code second} is null.
 * Bi-encoder: {@code first} holds contexts, {@code second} candidates, {@code labels[i]} is the
 * row of context i's gold candidate in {@code second} (in-batch negatives when
 * {@code second} holds one gold reply per context).
 *
 * @param tasks task index of every row of {@code first}
 * @param first pairs (cross-encoder) or contexts (bi-encoder)
 * @param second candidates (bi-encoder only), else null
 * @param labels per row of {@code first}
 * @param secondTasks task index of every row of {@code second} (bi-encoder), else null; a
 *     context is scored only against candidates of its own task
 * @param secondOwners the context row each candidate row was drawn for (bi-encoder training
 *     batches), else null; lets a loss leave out the other contexts' candidates
 */
public record TaskBatch(int[] tasks, TokenBatch first, TokenBatch second, int[] labels,
    int[] secondTasks, int[] secondOwners) {

  public TaskBatch {
    if (first == null) {
      throw new IllegalArgumentException("a task batch needs its first token batch");
    }
    if (tasks.length != first.rows() || labels.length != first.rows()) {
      throw new IllegalArgumentException("tasks and labels need one entry per row ("
          + first.rows() + "), got " + tasks.length + " and " + labels.length);
    }
    int labelBound = second == null ? 2 : second.rows();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= labelBound) {
        throw new IllegalArgumentException("label " + labels[i] + " of row " + i
            + " outside [0, " + labelBound + ")");
      }
      if (tasks[i] < 0) {
        throw new IllegalArgumentException("task index of row " + i + " is negative");
      }
    }
    if (second != null) {
      if (secondTasks == null) {
        secondTasks = goldTasks(tasks, second.rows(), labels);
      } else if (secondTasks.length != second.rows()) {
        throw new IllegalArgumentException("secondTasks needs one entry per candidate row ("
            + second.rows() + "), got " + secondTasks.length);
      }
      secondTasks = secondTasks.clone();
    } else if (secondTasks != null || secondOwners != null) {
      throw new IllegalArgumentException("secondTasks or secondOwners without candidates");
    }
    if (secondOwners != null) {
      if (secondOwners.length != second.rows()) {
        throw new IllegalArgumentException("secondOwners needs one entry per candidate row ("
            + second.rows() + "), got " + secondOwners.length);
      }
      for (int j = 0; j < secondOwners.length; j++) {
        if (secondOwners[j] < 0 || secondOwners[j] >= first.rows()) {
          throw new IllegalArgumentException("owner " + secondOwners[j] + " of candidate row " + j
              + " outside [0, " + first.rows() + ")");
        }
      }
      for (int i = 0; i < labels.length; i++) {
        if (secondOwners[labels[i]] != i) {
          throw new IllegalArgumentException("context " + i + "'s gold candidate is owned by "
              + secondOwners[labels[i]]);
        }
      }
      secondOwners = secondOwners.clone();
    }
    tasks = tasks.clone();
    labels = labels.clone();
  }

  /** Candidates use the task of the context whose gold they are; others that of context 0. */
  private static int[] goldTasks(int[] tasks, int rows, int[] gold) {
    int[] out = new int[rows];
    java.util.Arrays.fill(out, tasks[0]);
    for (int i = 0; i < gold.length; i++) {
      out[gold[i]] = tasks[i];
    }
    return out;
  }

  /** Cross-encoder batch: pairs with 0/1 labels. */
  public static TaskBatch pairs(int[] tasks, TokenBatch pairs, int[] labels) {
    return new TaskBatch(tasks, pairs, null, labels, null, null);
  }

  /** Bi-encoder batch: contexts, candidates and each context's gold candidate row. */
  public static TaskBatch dual(int[] tasks, TokenBatch contexts, TokenBatch candidates,
      int[] gold) {
    if (candidates == null) {
      throw new IllegalArgumentException("a bi-encoder batch needs candidates");
    }
    return new TaskBatch(tasks, contexts, candidates, gold, null, null);
  }

  /** Bi-encoder batch whose candidates carry their own tasks (several tasks per step). */
  public static TaskBatch dual(int[] tasks, TokenBatch contexts, TokenBatch candidates,
      int[] candidateTasks, int[] gold) {
    if (candidates == null) {
      throw new IllegalArgumentException("a bi-encoder batch needs candidates");
    }
    return new TaskBatch(tasks, contexts, candidates, gold, candidateTasks, null);
  }

  /** This bi-encoder batch with the context row each candidate was drawn for. */
  public TaskBatch withOwners(int[] owners) {
    return new TaskBatch(tasks, first, second, labels, secondTasks, owners);
  }

  /** The distinct task indices of the batch, ascending. */
  public int[] distinctTasks() {
    return java.util.Arrays.stream(tasks).distinct().sorted().toArray();
  }

  /** Real tokens processed by one forward (both sides). */
  public long tokenCount() {
    return first.tokenCount() + (second == null ? 0 : second.tokenCount());
  }
}
