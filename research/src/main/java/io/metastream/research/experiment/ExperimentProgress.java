package io.metastream.research.experiment;

/** Callbacks from a running {@link Experiment}, e.g. for CLI progress bars. */
public interface ExperimentProgress {

  /** A new phase starts, e.g. "retrain LORA_ML seed 1" (index 1-based of total phases). */
  default void phase(String name, int index, int total) {}

  /** Steps within the current phase. */
  default void step(long done, long total) {}

  /** A line worth showing. */
  default void log(String message) {}

  ExperimentProgress SILENT = new ExperimentProgress() {};
}
