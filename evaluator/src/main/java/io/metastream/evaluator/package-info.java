/**
 * The evaluator service: freezes a versioned set of held-out persona tasks, and for each checkpoint verifies the
 * artifact, runs the few-shot adaptation protocol through a {@link io.metastream.learning.api.FewShotEvaluator},
 * judges it against production and publishes an {@link io.metastream.domain.Evaluation}, exactly once.
 *
 * <p>Pure cores: {@link io.metastream.evaluator.EvaluationSet}, {@link io.metastream.evaluator.HeldOutCollector},
 * {@link io.metastream.evaluator.Gate}. Kafka-facing: {@link io.metastream.evaluator.EvaluatorLoop}. Shell:
 * {@link io.metastream.evaluator.EvaluatorApp}.
 */
package io.metastream.evaluator;
