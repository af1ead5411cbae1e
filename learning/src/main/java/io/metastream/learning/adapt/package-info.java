/**
 * The few-shot protocol {@link io.metastream.learning.adapt.FewShotProtocol} (options in
 * {@link io.metastream.learning.adapt.AdaptOptions}) and the users' entry points
 * {@link io.metastream.learning.adapt.AdaptCommandCore} and {@link io.metastream.learning.adapt.ScoreCore},
 * running on the model core ({@code io.metastream.model.train}: adapter and head banks, AdamW,
 * scorers, learner). Adapters following a new base: {@link io.metastream.learning.adapt.Portability}
 * scores adapters of one base as they are on another, {@link io.metastream.learning.adapt.Registry}
 * holds users' persona adapters, {@link io.metastream.learning.adapt.Readaptation} re-adapts them
 * on a new base in batches and records each new adapter's {@link io.metastream.learning.adapt.AdapterLineage}.
 */
package io.metastream.learning.adapt;
