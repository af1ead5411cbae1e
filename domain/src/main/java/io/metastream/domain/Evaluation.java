package io.metastream.domain;

import java.time.Instant;
import java.util.Map;

/**
 * The few-shot adaptation report for one checkpoint on the frozen held-out evaluation set.
 *
 * @param version           the evaluated checkpoint version
 * @param artifactSha256    the digest the evaluator verified before loading
 * @param evalSetVersion    version (digest) of the frozen held-out persona set and its splits
 * @param hits1Mean         mean hits@1 among the candidates, over personas and seeds (last epoch)
 * @param hits1Se           standard error of that mean
 * @param mrrMean           mean reciprocal rank
 * @param zeroShotHits1     hits@1 before any adaptation
 * @param perPersonaHits1   hits@1 per held-out persona
 * @param productionVersion the production version compared with, or {@code null} if none yet
 * @param deltaToProduction hits@1 minus production's, or {@code null} if no production yet
 * @param passed            whether the gate passes (finite scores, and beats production by the margin)
 * @param evaluatedAt       when
 */
public record Evaluation(
        String version,
        String artifactSha256,
        String evalSetVersion,
        double hits1Mean,
        double hits1Se,
        double mrrMean,
        double zeroShotHits1,
        Map<String, Double> perPersonaHits1,
        String productionVersion,
        Double deltaToProduction,
        boolean passed,
        Instant evaluatedAt) {

    public Evaluation {
        Checks.text(version, "version");
        Checks.sha256(artifactSha256, "artifactSha256");
        Checks.text(evalSetVersion, "evalSetVersion");
        Checks.unitInterval(hits1Mean, "hits1Mean");
        Checks.finite(hits1Se, "hits1Se");
        Checks.unitInterval(mrrMean, "mrrMean");
        Checks.unitInterval(zeroShotHits1, "zeroShotHits1");
        perPersonaHits1 = Checks.map(perPersonaHits1);
        perPersonaHits1.forEach((k, v) -> Checks.unitInterval(v, "perPersonaHits1[" + k + "]"));
        if (deltaToProduction != null) {
            Checks.finite(deltaToProduction, "deltaToProduction");
        }
        Checks.present(evaluatedAt, "evaluatedAt");
    }

    /** Digest of this evaluation's content, recorded in the promotion ledger. */
    public String digest() {
        return ConversationExample.digest(version, artifactSha256, evalSetVersion, Double.toString(hits1Mean),
                Double.toString(hits1Se), Double.toString(mrrMean), String.valueOf(passed), evaluatedAt.toString());
    }
}
