/**
 * Neural adaptation core: a {@link io.metastream.learning.adapt.TaskBank} of per-task LoRA adapters
 * and heads (many personas in one forward pass), the bi-/cross-encoder
 * {@link io.metastream.learning.adapt.Scorer}, {@link io.metastream.learning.adapt.AdamW} with
 * per-array state, the {@link io.metastream.learning.adapt.StepRunner} (per-step scopes, no native
 * growth), the few-shot protocol {@link io.metastream.learning.adapt.FewShotProtocol} (options in
 * {@link io.metastream.learning.adapt.AdaptOptions}) and the users' entry points
 * {@link io.metastream.learning.adapt.AdaptCommandCore} and {@link io.metastream.learning.adapt.ScoreCore}.
 */
package io.metastream.learning.adapt;
