package io.metastream.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.metastream.model.encoder.Pooling;
import io.metastream.model.lora.TaskIndex;

/**
 * The paper's cross-encoder: each (context, candidate) pair is a 2-class classification through
 * its task's head on the pooled pair state ({@code cross_pooling=mean|cls}). Training: 2-class
 * cross-entropy on gold and distractor pairs, per-task means summed. Ranking: the class-1 logit.
 */
public final class CrossEncoderScorer implements Scorer {

  private final ScorerOptions options;

  /** The default cross-encoder (mean-pooled pair state). */
  public CrossEncoderScorer() {
    this(ScorerOptions.defaults(ScorerOptions.Kind.CROSS));
  }

  public CrossEncoderScorer(ScorerOptions options) {
    if (options.kind() != ScorerOptions.Kind.CROSS) {
      throw new IllegalArgumentException("cross-encoder options expected, got " + options.kind());
    }
    this.options = options;
  }

  @Override
  public NDArray loss(ScoringModel model, TaskBatch batch, NDManager manager, boolean training) {
    NDArray logits = logits(model, batch, manager, training);
    return Losses.perTaskCrossEntropy(logits, batch.labels(), batch.tasks(), manager);
  }

  @Override
  public NDArray scores(ScoringModel model, TaskBatch batch, NDManager manager) {
    return logits(model, batch, manager, false).get(":, 1");
  }

  @Override
  public int headClasses() {
    return 2;
  }

  @Override
  public boolean needsHead() {
    return true;
  }

  @Override
  public ScorerOptions options() {
    return options;
  }

  private NDArray logits(ScoringModel model, TaskBatch batch, NDManager manager,
      boolean training) {
    if (model.heads() == null || model.heads().classes() != 2) {
      throw new IllegalStateException("the cross-encoder needs per-task 2-class heads (HeadBank)");
    }
    TaskIndex tasks = TaskIndex.of(manager, batch.tasks());
    NDArray hidden = model.hidden(batch.first(), tasks, manager, training);
    NDArray pooled = options.crossPooling() == ScorerOptions.Pooling.CLS ? Pooling.first(hidden)
        : Pooling.mean(hidden, manager.create(batch.first().mask(),
            new Shape(batch.first().rows(), batch.first().length())));
    return model.heads().logits(pooled, tasks);
  }
}
