package io.metastream.learning.api;

import java.util.List;

/**
 * One (held-out persona, seed)'s per-query hits@1 outcomes, so two versions scored on the same frozen set
 * compare query by query.
 *
 * @param task            the task id
 * @param seed            the protocol seed
 * @param correct         {@code correct.get(i)}: hits@1 of the task's i-th query example (order of
 *                        {@code PersonaTask.query()}) after adaptation (last step)
 * @param zeroShotCorrect the same before any adaptation step (the seed's fresh adapter and head); empty
 *                        when zero-shot scoring is switched off
 */
public record QueryOutcomes(String task, long seed, List<Boolean> correct, List<Boolean> zeroShotCorrect) {
    public QueryOutcomes {
        correct = List.copyOf(correct);
        zeroShotCorrect = zeroShotCorrect == null ? List.of() : List.copyOf(zeroShotCorrect);
        if (!zeroShotCorrect.isEmpty() && zeroShotCorrect.size() != correct.size()) {
            throw new IllegalArgumentException("task " + task + ": " + correct.size() + " outcomes but "
                    + zeroShotCorrect.size() + " zero-shot outcomes");
        }
    }
}
