/**
 * Descriptive statistics for experiment reports: mean, sample standard deviation (n - 1), standard
 * error of the mean {@code s / sqrt(n)} (0 when n = 1), and {@link io.metastream.learning.stats.Summary}
 * over one score per (task, seed).
 */
package io.metastream.learning.stats;
