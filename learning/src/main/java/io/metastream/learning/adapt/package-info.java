/**
 * The few-shot protocol {@link io.metastream.learning.adapt.FewShotProtocol} (options in
 * {@link io.metastream.learning.adapt.AdaptOptions}) and the users' entry points
 * {@link io.metastream.learning.adapt.AdaptCommandCore} and {@link io.metastream.learning.adapt.ScoreCore},
 * running on the model core ({@code io.metastream.model.train}: adapter and head banks, AdamW,
 * scorers, learner).
 */
package io.metastream.learning.adapt;
