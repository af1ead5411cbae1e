/**
 * Retraining algorithms (LoRA-ML, SR, Reptile, last-layer-ML, NONE) behind
 * {@link io.metastream.learning.api.Retrainer}: {@link io.metastream.learning.retrain.NeuralRetrainer};
 * every option and its default in {@link io.metastream.learning.retrain.RetrainOptions}.
 */
package io.metastream.learning.retrain;
