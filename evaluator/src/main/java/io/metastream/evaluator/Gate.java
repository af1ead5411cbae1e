package io.metastream.evaluator;

import io.metastream.domain.Evaluation;
import io.metastream.domain.PersonaTask;
import io.metastream.learning.api.AdaptationResult;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns adaptation scores into an {@link Evaluation} and its gate verdict (pure).
 *
 * <p>{@code passed} = the scores are finite and either there is no production version yet, or production has an
 * evaluation on the same frozen set and this checkpoint's hits@1 minus production's is at least the margin. A
 * production version with no comparable evaluation fails the gate (nothing to compare with is not a pass); the
 * operator can still force a promotion with a recorded reason.
 */
public final class Gate {
    private final double margin;

    public Gate(double margin) {
        if (!Double.isFinite(margin)) {
            throw new IllegalArgumentException("gate margin must be finite, was " + margin);
        }
        this.margin = margin;
    }

    /** Empty when the scores are not valid probabilities (NaN, infinite, outside [0, 1]): nothing to publish. */
    public Optional<Evaluation> judge(String version, String artifactSha256, EvaluationSet set, AdaptationResult r,
            Optional<String> production, Optional<Evaluation> productionEvaluation, Instant now) {
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
        Double delta = null;
        boolean passed;
        if (production.isEmpty()) {
            passed = true;
        } else {
            Optional<Evaluation> comparable = productionEvaluation
                    .filter(e -> e.evalSetVersion().equals(set.evalSetVersion()));
            if (comparable.isPresent()) {
                delta = r.hits1Mean() - comparable.get().hits1Mean();
                passed = delta >= margin;
            } else {
                passed = false;
            }
        }
        return Optional.of(new Evaluation(version, artifactSha256, set.evalSetVersion(), r.hits1Mean(), r.hits1Se(),
                r.mrrMean(), r.zeroShotHits1(), perPersona, production.orElse(null), delta, passed, now));
    }

    private static boolean unit(double v) {
        return Double.isFinite(v) && v >= 0 && v <= 1;
    }
}
