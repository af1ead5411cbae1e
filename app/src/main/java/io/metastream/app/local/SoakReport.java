package io.metastream.app.local;

import java.time.Duration;

/**
 * What a soak did and found.
 *
 * @param trainerKills         trainer processes killed with SIGKILL (and restarted)
 * @param trainerKillsMidRound of those, kills before the round's checkpoint was published
 * @param evaluatorKills       evaluator processes killed with SIGKILL (and restarted)
 * @param checkpoints          checkpoints published
 * @param tasksLost            task offsets in no checkpoint (gaps, or committed past the lineage)
 * @param doubleCounted        task offsets in more than one checkpoint
 * @param partialVersions      version directories that do not verify against their checkpoint (or have none)
 * @param duplicateEvaluations evaluations published more than once for one version and evaluation set
 * @param evaluations          distinct (version, evaluation set) evaluations published
 * @param statusRetries        status requests to the control API that timed out and were retried
 */
public record SoakReport(int trainerKills, int trainerKillsMidRound, int evaluatorKills, int checkpoints,
        long tasksLost, long doubleCounted, int partialVersions, long duplicateEvaluations, int evaluations,
        int statusRetries, Duration wallTime) {

    public boolean passed() {
        return tasksLost == 0 && doubleCounted == 0 && partialVersions == 0 && duplicateEvaluations == 0;
    }

    public String summary() {
        return String.format("soak %s: %d trainer kills (%d mid-round), %d evaluator kills, %d checkpoints, "
                        + "%d evaluations; tasks lost %d, double-counted %d, partial versions %d, duplicate "
                        + "evaluations %d; %d status retries; wall time %d s", passed() ? "passed" : "FAILED", trainerKills,
                trainerKillsMidRound, evaluatorKills, checkpoints, evaluations, tasksLost, doubleCounted,
                partialVersions, duplicateEvaluations, statusRetries, wallTime.toSeconds());
    }
}
