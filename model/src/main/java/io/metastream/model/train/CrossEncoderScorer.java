package io.metastream.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.metastream.model.encoder.Pooling;
import io.metastream.model.lora.TaskIndex;

/**
 * The paper's cross-encoder: each (context, candidate) pair is a 2-class classification through
 * its task's head on the first token's ([CLS] / {@code <s>}) state. Training: 2-class
 * cross-entropy on gold and distractor pairs. Ranking: the class-1 logit.
 */
public final class CrossEncoderScorer implements Scorer {

  @Override
  public NDArray loss(ScoringModel model, TaskBatch batch, NDManager manager, boolean training) {
    NDArray logits = logits(model, batch, manager, training);
    NDArray labels = manager.create(toLongs(batch.labels()));
    return Losses.crossEntropy(logits, labels);
  }

  @Override
  public NDArray scores(ScoringModel model, TaskBatch batch, NDManager manager) {
    return logits(model, batch, manager, false).get(":, 1");
  }

  @Override
  public int headClasses() {
    return 2;
  }

  private static NDArray logits(ScoringModel model, TaskBatch batch, NDManager manager,
      boolean training) {
    if (model.heads() == null) {
      throw new IllegalStateException("the cross-encoder needs per-task heads (HeadBank)");
    }
    TaskIndex tasks = TaskIndex.of(manager, batch.tasks());
    NDArray hidden = model.hidden(batch.first(), tasks, manager, training);
    return model.heads().logits(Pooling.first(hidden), tasks);
  }

  static long[] toLongs(int[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
