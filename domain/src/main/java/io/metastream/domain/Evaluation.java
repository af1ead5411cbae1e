package io.metastream.domain;

import io.metastream.domain.paired.KeptAdapters;
import io.metastream.domain.paired.OutcomeBits;
import io.metastream.domain.paired.PairedComparison;
import io.metastream.domain.paired.PortabilityReport;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * @param passed            the verdict of {@link io.metastream.domain.paired.PromotionPolicy} at evaluation time
 *                          (against production, or base when there is none); the control service decides again
 *                          against the production of the moment
 * @param evaluatedAt       when
 * @param outcomes          per (held-out persona, seed) per-query hits@1 outcomes on the frozen set, so any two
 *                          versions compare paired; empty in evaluations from before they were stored
 * @param comparisons       paired figures against {@code production} and against {@code base}, when comparable
 * @param verdict           the policy's sentence for {@code passed}, or {@code null}
 * @param adapters          the per-persona adapters this evaluation trained, kept in the artifact store, or
 *                          {@code null} when none were kept
 * @param portability       production's kept adapters scored as they are on this version, or {@code null} when
 *                          there was nothing to port (no production, or production kept no adapters)
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
        Instant evaluatedAt,
        List<OutcomeBits> outcomes,
        List<PairedComparison> comparisons,
        String verdict,
        KeptAdapters adapters,
        PortabilityReport portability) {

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
        outcomes = outcomes == null ? List.of() : Checks.elements(outcomes, "outcomes");
        Set<String> keys = new HashSet<>();
        for (OutcomeBits o : outcomes) {
            if (!keys.add(o.task() + "\u001f" + o.seed())) {
                throw new DomainValidationException(RejectReason.INCONSISTENT, "outcomes of task " + o.task()
                        + " seed " + o.seed() + " appear twice");
            }
        }
        comparisons = comparisons == null ? List.of() : Checks.elements(comparisons, "comparisons");
        Set<String> references = new HashSet<>();
        for (PairedComparison c : comparisons) {
            if (!references.add(c.reference())) {
                throw new DomainValidationException(RejectReason.INCONSISTENT, "two comparisons against "
                        + c.reference());
            }
        }
        if (verdict != null) {
            Checks.text(verdict, "verdict");
        }
    }

    /** An evaluation that kept no adapters and ported none. */
    public Evaluation(String version, String artifactSha256, String evalSetVersion, double hits1Mean, double hits1Se,
            double mrrMean, double zeroShotHits1, Map<String, Double> perPersonaHits1, String productionVersion,
            Double deltaToProduction, boolean passed, Instant evaluatedAt, List<OutcomeBits> outcomes,
            List<PairedComparison> comparisons, String verdict) {
        this(version, artifactSha256, evalSetVersion, hits1Mean, hits1Se, mrrMean, zeroShotHits1, perPersonaHits1,
                productionVersion, deltaToProduction, passed, evaluatedAt, outcomes, comparisons, verdict, null, null);
    }

    /** The same with kept adapters and portability figures. */
    public Evaluation with(KeptAdapters kept, PortabilityReport ported) {
        return new Evaluation(version, artifactSha256, evalSetVersion, hits1Mean, hits1Se, mrrMean, zeroShotHits1,
                perPersonaHits1, productionVersion, deltaToProduction, passed, evaluatedAt, outcomes, comparisons,
                verdict, kept, ported);
    }

    /** An evaluation without per-query outcomes (not comparable paired). */
    public Evaluation(String version, String artifactSha256, String evalSetVersion, double hits1Mean, double hits1Se,
            double mrrMean, double zeroShotHits1, Map<String, Double> perPersonaHits1, String productionVersion,
            Double deltaToProduction, boolean passed, Instant evaluatedAt) {
        this(version, artifactSha256, evalSetVersion, hits1Mean, hits1Se, mrrMean, zeroShotHits1, perPersonaHits1,
                productionVersion, deltaToProduction, passed, evaluatedAt, List.of(), List.of(), null, null, null);
    }

    /** The paired figures against {@code reference} ({@code production} or {@code base}), if computed. */
    public java.util.Optional<PairedComparison> comparison(String reference) {
        return comparisons.stream().filter(c -> c.reference().equals(reference)).findFirst();
    }

    /** Digest of this evaluation's content, recorded in the promotion ledger. */
    public String digest() {
        List<String> parts = new java.util.ArrayList<>(List.of(version, artifactSha256, evalSetVersion,
                Double.toString(hits1Mean), Double.toString(hits1Se), Double.toString(mrrMean), String.valueOf(passed),
                evaluatedAt.toString(), outcomes.isEmpty() ? "" : outcomes.toString(),
                comparisons.isEmpty() ? "" : comparisons.toString()));
        if (adapters != null || portability != null) { // digests of evaluations without them stay as they were
            parts.add(adapters == null ? "" : adapters.toString());
            parts.add(portability == null ? "" : portability.toString());
        }
        return ConversationExample.digest(parts.toArray(String[]::new));
    }
}
