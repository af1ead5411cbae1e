package io.metastream.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.metastream.model.encoder.Pooling;
import io.metastream.model.lora.TaskIndex;
import io.metastream.model.text.TokenBatch;

/**
 * A bi-encoder: mean-pooled context and candidate embeddings (each with its task's adapter), dot
 * product scores, softmax cross-entropy of each context over the batch's candidates (in-batch
 * negatives or given candidates). Far cheaper than the cross-encoder: candidates are encoded once.
 */
public final class BiEncoderScorer implements Scorer {

  @Override
  public NDArray loss(ScoringModel model, TaskBatch batch, NDManager manager, boolean training) {
    NDArray scores = dot(model, batch, manager, training);
    NDArray gold = manager.create(CrossEncoderScorer.toLongs(batch.labels()));
    return Losses.crossEntropy(scores, gold);
  }

  @Override
  public NDArray scores(ScoringModel model, TaskBatch batch, NDManager manager) {
    return dot(model, batch, manager, false);
  }

  @Override
  public int headClasses() {
    return 0;
  }

  /** Mean-pooled embeddings [N, H] of {@code tokens}, rows with tasks {@code tasks}. */
  public static NDArray embed(ScoringModel model, TokenBatch tokens, int[] tasks,
      NDManager manager, boolean training) {
    TaskIndex index = TaskIndex.of(manager, tasks);
    NDArray hidden = model.hidden(tokens, index, manager, training);
    NDArray mask = manager.create(tokens.mask(), new ai.djl.ndarray.types.Shape(
        tokens.rows(), tokens.length()));
    return Pooling.mean(hidden, mask);
  }

  private static NDArray dot(ScoringModel model, TaskBatch batch, NDManager manager,
      boolean training) {
    if (batch.second() == null) {
      throw new IllegalArgumentException("a bi-encoder batch needs candidates (TaskBatch.dual)");
    }
    NDArray contexts = embed(model, batch.first(), batch.tasks(), manager, training);
    int[] candTasks = candidateTasks(batch);
    NDArray candidates = embed(model, batch.second(), candTasks, manager, training);
    return contexts.matMul(candidates.transpose());
  }

  /** Candidates use the task of the context whose gold they are; others that of context 0. */
  private static int[] candidateTasks(TaskBatch batch) {
    int[] out = new int[batch.second().rows()];
    java.util.Arrays.fill(out, batch.tasks()[0]);
    for (int i = 0; i < batch.labels().length; i++) {
      out[batch.labels()[i]] = batch.tasks()[i];
    }
    return out;
  }
}
