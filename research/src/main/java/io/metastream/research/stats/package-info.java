/**
 * Summaries for experiment reports: {@link io.metastream.research.stats.Summary} (mean and standard
 * error) over one score per (task, seed), built on {@code io.metastream.learning.stats.Stats}.
 */
package io.metastream.research.stats;
