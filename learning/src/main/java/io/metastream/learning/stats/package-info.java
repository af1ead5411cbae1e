/**
 * Descriptive statistics of score samples: mean, sample standard deviation (n - 1) and standard
 * error of the mean {@code s / sqrt(n)} (0 when n = 1), as the few-shot protocol reports them.
 */
package io.metastream.learning.stats;
