package io.metastream.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Turns a {@link TaskBatch} into a scalar training loss and into ranking scores, given a model.
 * Implementations are stateless; arrays are created in {@code manager} (a step scope). Build one
 * from {@link ScorerOptions#scorer()}.
 *
 * <p>The loss of a batch that mixes tasks is the sum over its tasks of each task's mean loss, so
 * every task's adapter and head receive exactly the gradient of its own mini-batch.
 */
public interface Scorer {

  /** Sum over the batch's tasks of their mean loss, a scalar array that can be back-propagated. */
  NDArray loss(ScoringModel model, TaskBatch batch, NDManager manager, boolean training);

  /**
   * Scores for ranking: cross-encoder [rows] (class-1 logit of each pair), bi-encoder
   * [contexts, candidates] (scaled similarities). Higher is better.
   */
  NDArray scores(ScoringModel model, TaskBatch batch, NDManager manager);

  /** Classes of the per-task classifier heads (2 for the cross-encoder, 0 for none or vectors). */
  int headClasses();

  /** Whether the model must carry per-task heads (classifiers, or bi-encoder vectors). */
  boolean needsHead();

  /** The options this scorer follows. */
  ScorerOptions options();
}
