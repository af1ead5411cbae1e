package io.metastream.evaluator;

import io.metastream.domain.Evaluation;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.paired.KeptAdapters;
import io.metastream.domain.paired.OutcomeBits;
import io.metastream.domain.paired.PairedComparison;
import io.metastream.domain.paired.PairedStatistics;
import io.metastream.domain.paired.PortabilityReport;
import io.metastream.domain.paired.PromotionPolicy;
import io.metastream.learning.api.AdaptationResult;
import io.metastream.learning.api.QueryOutcomes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns adaptation scores into an {@link Evaluation} (pure): the per-query outcomes, the paired figures against
 * production and against the pretrained {@code base} (when they have outcomes on the same frozen set), and the
 * verdict of the one {@link PromotionPolicy} against production, or base when there is no production yet. The
 * control service decides promotions with the same policy; {@code passed} here is what it would decide now.
 */
public final class Gate {
    private final PromotionPolicy policy;

    public Gate(PromotionPolicy policy) {
        this.policy = policy;
    }

    /** An evaluation that kept no adapters and ported none. */
    public Optional<Evaluation> judge(String version, String artifactSha256, EvaluationSet set, AdaptationResult r,
            Optional<String> production, Optional<Evaluation> productionEvaluation, Optional<Evaluation> base,
            Instant now) {
        return judge(version, artifactSha256, set, r, production, productionEvaluation, base, now, Optional.empty(),
                Optional.empty());
    }

    /**
     * Empty when the scores are not valid probabilities (NaN, infinite, outside [0, 1]): nothing to publish.
     * {@code kept} is the adapters this evaluation kept, {@code ported} production's adapters scored on it; both go
     * into the record, and the policy judges {@code ported} when its ported-adapter check is on.
     */
    public Optional<Evaluation> judge(String version, String artifactSha256, EvaluationSet set, AdaptationResult r,
            Optional<String> production, Optional<Evaluation> productionEvaluation, Optional<Evaluation> base,
            Instant now, Optional<KeptAdapters> kept, Optional<PortabilityReport> ported) {
        if (!unit(r.hits1Mean()) || !unit(r.mrrMean()) || !unit(r.zeroShotHits1()) || !Double.isFinite(r.hits1Se())
                || !r.perTaskHits1().values().stream().allMatch(Gate::unit)) {
            return Optional.empty();
        }
        Map<String, String> personaOfTask = new HashMap<>();
        for (PersonaTask t : set.tasks()) {
            personaOfTask.put(t.taskId(), t.personaId());
        }
        Map<String, Double> perPersona = new HashMap<>();
        r.perTaskHits1().forEach((task, hits) -> perPersona.put(personaOfTask.getOrDefault(task, task), hits));
        List<OutcomeBits> outcomes = new ArrayList<>();
        for (QueryOutcomes o : r.outcomes()) {
            outcomes.add(OutcomeBits.of(o.task(), o.seed(), o.correct(), o.zeroShotCorrect()));
        }
        Optional<Evaluation> comparableProduction = productionEvaluation
                .filter(e -> e.evalSetVersion().equals(set.evalSetVersion()));
        Double delta = comparableProduction.map(e -> r.hits1Mean() - e.hits1Mean()).orElse(null);
        List<PairedComparison> comparisons = new ArrayList<>();
        compare(PairedComparison.PRODUCTION, comparableProduction, outcomes).ifPresent(comparisons::add);
        if (!version.equals(EvaluatorLoop.BASE_VERSION)) {
            compare(PairedComparison.BASE, base.filter(e -> e.evalSetVersion().equals(set.evalSetVersion())), outcomes)
                    .ifPresent(comparisons::add);
        }
        // the adaptation gain, paired on the same queries and seeds: does the fine-tune move the model?
        PairedStatistics.adaptationGain(outcomes).ifPresent(f -> comparisons.add(
                new PairedComparison(PairedComparison.ZERO_SHOT, version, f)));
        PromotionPolicy.Verdict verdict = verdict(version, production, base, comparisons, ported);
        return Optional.of(new Evaluation(version, artifactSha256, set.evalSetVersion(), r.hits1Mean(), r.hits1Se(),
                r.mrrMean(), r.zeroShotHits1(), perPersona, production.orElse(null), delta, verdict.passed(), now,
                outcomes, comparisons, verdict.explanation(), kept.orElse(null), ported.orElse(null)));
    }

    private PromotionPolicy.Verdict verdict(String version, Optional<String> production, Optional<Evaluation> base,
            List<PairedComparison> comparisons, Optional<PortabilityReport> ported) {
        if (version.equals(EvaluatorLoop.BASE_VERSION)) {
            return new PromotionPolicy.Verdict(false, Optional.empty(), "the pretrained reference itself");
        }
        String reference = production.isPresent() ? PairedComparison.PRODUCTION : PairedComparison.BASE;
        Optional<String> referenceVersion = production.isPresent() ? production
                : base.map(Evaluation::version);
        return policy.judge(referenceVersion, comparisons.stream().filter(c -> c.reference().equals(reference))
                .findFirst(), ported);
    }

    private static Optional<PairedComparison> compare(String reference, Optional<Evaluation> against,
            List<OutcomeBits> outcomes) {
        if (against.isEmpty() || against.get().outcomes().isEmpty() || outcomes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return PairedStatistics.compare(against.get().outcomes(), outcomes)
                    .map(f -> new PairedComparison(reference, against.get().version(), f));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not the same personas, seeds or queries: not comparable
        }
    }

    private static boolean unit(double v) {
        return Double.isFinite(v) && v >= 0 && v <= 1;
    }
}
