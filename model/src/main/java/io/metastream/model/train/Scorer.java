package io.metastream.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Turns a {@link TaskBatch} into a scalar training loss and into ranking scores, given a model.
 * Implementations are stateless; arrays are created in {@code manager} (a step scope).
 */
public interface Scorer {

  /** Mean loss over the batch, a scalar array that can be back-propagated. */
  NDArray loss(ScoringModel model, TaskBatch batch, NDManager manager, boolean training);

  /**
   * Scores for ranking: cross-encoder [rows] (class-1 logit of each pair), bi-encoder
   * [contexts, candidates] (dot products). Higher is better.
   */
  NDArray scores(ScoringModel model, TaskBatch batch, NDManager manager);

  /** Number of classes the per-task heads need (2 for the cross-encoder, 0 if no head). */
  int headClasses();
}
