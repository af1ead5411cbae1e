package io.metastream.learning.api;

import java.util.List;
import java.util.Map;

/**
 * Scores of the few-shot protocol.
 *
 * @param hits1Mean       mean last-epoch hits@1 over (persona, seed)
 * @param hits1Se         standard error of that mean
 * @param mrrMean         mean reciprocal rank
 * @param zeroShotHits1   hits@1 of the base with a fresh, untrained head/adapter (before adaptation)
 * @param perTaskHits1    hits@1 per task id, averaged over seeds
 * @param outcomes        per (held-out persona, seed) per-query outcomes, for paired comparisons
 */
public record AdaptationResult(
        double hits1Mean, double hits1Se, double mrrMean, double zeroShotHits1, Map<String, Double> perTaskHits1,
        List<QueryOutcomes> outcomes) {
    public AdaptationResult {
        perTaskHits1 = perTaskHits1 == null ? Map.of() : Map.copyOf(perTaskHits1);
        outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
    }
}
