/**
 * The end-to-end experiment of the paper on the shared data: retrain with each method, then the
 * few-shot protocol on unseen personas, written as Markdown/CSV/JSON/PNG
 * ({@link io.metastream.research.experiment.Experiment}, presets in
 * {@link io.metastream.research.experiment.ExperimentConfig}).
 */
package io.metastream.research.experiment;
