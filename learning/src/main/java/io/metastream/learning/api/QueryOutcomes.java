package io.metastream.learning.api;

import java.util.List;

/**
 * Per-query outcomes of one held-out persona under one seed, for paired statistics.
 *
 * @param task            the persona task id
 * @param seed            the protocol seed
 * @param correct         hits@1 of the i-th query example (in {@code PersonaTask.query()} order)
 *                        after adaptation (the last step)
 * @param zeroShotCorrect the same before any adaptation step (the seed's fresh adapter and head);
 *                        empty when zero-shot scoring was turned off
 */
public record QueryOutcomes(String task, long seed, List<Boolean> correct, List<Boolean> zeroShotCorrect) {
    public QueryOutcomes {
        correct = List.copyOf(correct);
        zeroShotCorrect = zeroShotCorrect == null ? List.of() : List.copyOf(zeroShotCorrect);
        if (!zeroShotCorrect.isEmpty() && zeroShotCorrect.size() != correct.size()) {
            throw new IllegalArgumentException("zeroShotCorrect needs one entry per query example ("
                    + correct.size() + "), got " + zeroShotCorrect.size());
        }
    }
}
