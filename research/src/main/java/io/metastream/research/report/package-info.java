/**
 * Reporting for {@code metastream experiment}: result rows (method, rank, seed, task, hits@1, MRR)
 * aggregated per (method, rank) and per method into a Markdown table, a CSV, a JSON summary and a
 * PNG chart (JFreeChart, drawn off screen).
 */
package io.metastream.research.report;
