package io.metastream.control;

import io.metastream.domain.Checkpoint;
import io.metastream.domain.Evaluation;
import io.metastream.domain.PromotionDecision.Action;
import io.metastream.domain.PromotionDecision.Outcome;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides promotions and rollbacks from the current {@link ControlState}. Pure: no clock, no I/O.
 *
 * <p>A promotion is accepted when all of these hold, checked in this order:
 * <ol>
 *   <li>the version has a checkpoint (an unknown version is refused);</li>
 *   <li>it is not already production;</li>
 *   <li>it has an evaluation (its latest one is used);</li>
 *   <li>that evaluation measured the checkpoint's artifact (same sha256), so the scores belong to the bytes
 *       that would be served;</li>
 *   <li>the evaluation {@code passed};</li>
 *   <li>when there is a production version: production has an evaluation on the same held-out set, and
 *       {@code hits@1(version) − hits@1(production) ≥ margin} and {@code > 0};</li>
 *   <li>the artifact's files still match the checkpoint's digest ({@link ArtifactCheck}; checked last because
 *       it re-hashes the files).</li>
 * </ol>
 * {@code force} overrides only the quality checks 5 and 6 (recorded as forced). It never overrides 1–4 or 7:
 * an unknown, unmeasured or corrupt artifact is an integrity problem, not a judgement call.
 *
 * <p>Margin semantics: the improvement must reach the margin <em>and</em> be strictly positive, so with
 * margin 0 a tie is refused — an equally good version gives no reason to change production. A tolerance of
 * {@value #TOLERANCE} absorbs floating-point noise in the subtraction (0.5 − 0.4 is 0.0999...).
 * Scores are always finite here: {@link Evaluation} rejects non-finite values when built or deserialised.
 *
 * <p>A rollback returns to the production before the current one (from the ledger history) without the
 * quality checks; it only needs a previous production whose checkpoint is known and whose artifact is intact.
 *
 * <p>Pure given a pure {@link ArtifactCheck}: the only I/O is what the caller's check does.
 */
public final class PromotionGate {
    static final double TOLERANCE = 1e-9;

    private final double margin;

    /** @param margin the hits@1 improvement over production a promotion needs, in [0, 1] */
    public PromotionGate(double margin) {
        if (!(margin >= 0 && margin <= 1)) {
            throw new IllegalArgumentException("margin must be a hits@1 difference in [0, 1], got " + margin);
        }
        this.margin = margin;
    }

    public double margin() {
        return margin;
    }

    public Verdict promote(ControlState state, PromotionRequest request, ArtifactCheck artifacts) {
        String version = request.version();
        String production = state.production().orElse(null);
        Optional<Checkpoint> checkpoint = state.checkpoint(version);
        if (checkpoint.isEmpty()) {
            return refuse(Action.PROMOTE, version, production, null, null, Refusal.UNKNOWN_VERSION,
                    "unknown version " + version + ": no checkpoint event names it (GET /v1/status lists the versions)");
        }
        String artifact = checkpoint.get().sha256();
        if (version.equals(production)) {
            return refuse(Action.PROMOTE, version, production, null, artifact, Refusal.ALREADY_PRODUCTION,
                    version + " is already in production");
        }
        Optional<Evaluation> found = state.latestEvaluation(version);
        if (found.isEmpty()) {
            return refuse(Action.PROMOTE, version, production, null, artifact, Refusal.NO_EVALUATION, version
                    + " has no evaluation yet; wait for the evaluator (force cannot promote an unmeasured version)");
        }
        Evaluation evaluation = found.get();
        if (!evaluation.artifactSha256().equals(artifact)) {
            return refuse(Action.PROMOTE, version, production, evaluation.digest(), artifact, Refusal.DIGEST_MISMATCH,
                    "artifact digest mismatch for " + version + ": the evaluation measured " + evaluation.artifactSha256()
                            + " but the checkpoint is " + artifact + "; re-evaluate it (force cannot override this)");
        }
        Problem problem = qualityProblem(state, evaluation, production);
        if (problem != null && !request.force()) {
            return refuse(Action.PROMOTE, version, production, evaluation.digest(), artifact, problem.code(),
                    problem.text() + "; to override, promote with force and a reason");
        }
        Optional<String> corrupt = artifacts.problem(checkpoint.get());
        if (corrupt.isPresent()) {
            return refuse(Action.PROMOTE, version, production, evaluation.digest(), artifact, Refusal.CORRUPT_ARTIFACT,
                    corrupt.get() + " (force cannot override this)");
        }
        return new Verdict(Action.PROMOTE, version, Outcome.ACCEPTED, null, null, problem != null, production,
                evaluation.digest(), artifact);
    }

    private record Problem(Refusal code, String text) {
    }

    /** The reason the evaluation does not justify the promotion, or {@code null} when it does. */
    private Problem qualityProblem(ControlState state, Evaluation evaluation, String production) {
        String version = evaluation.version();
        if (!evaluation.passed()) {
            return new Problem(Refusal.NOT_PASSED, "the evaluation of " + version + " did not pass (hits@1 "
                    + score(evaluation) + ")");
        }
        if (production == null) {
            return null; // the first promotion has nothing to beat
        }
        Optional<Evaluation> prod = state.latestEvaluation(production, evaluation.evalSetVersion());
        if (prod.isEmpty()) {
            return new Problem(Refusal.NOT_COMPARABLE, "production " + production + " has no evaluation on held-out set "
                    + evaluation.evalSetVersion() + ", so " + version + " cannot be compared with it; evaluate "
                    + production + " on that set");
        }
        double delta = evaluation.hits1Mean() - prod.get().hits1Mean();
        if (delta <= 0 || delta < margin - TOLERANCE) {
            return new Problem(Refusal.BELOW_MARGIN, "hits@1 of " + version + " (" + score(evaluation)
                    + ") does not beat production " + production + " (" + score(prod.get()) + ") by the margin "
                    + fmt(margin) + ": the difference is " + fmt(delta) + (margin == 0 ? " and must be positive" : ""));
        }
        return null;
    }

    public Verdict rollback(ControlState state, RollbackRequest request, ArtifactCheck artifacts) {
        Optional<String> production = state.production();
        if (production.isEmpty()) {
            return refuse(Action.ROLLBACK, Verdict.NO_VERSION, null, null, null, Refusal.NO_PREVIOUS_PRODUCTION,
                    "nothing to roll back: no version has been promoted yet");
        }
        String current = production.get();
        Optional<String> previous = state.previousProduction();
        if (previous.isEmpty()) {
            return refuse(Action.ROLLBACK, current, current, null, state.checkpoint(current).map(Checkpoint::sha256)
                    .orElse(null), Refusal.NO_PREVIOUS_PRODUCTION, "no previous production to roll back to: " + current + " is the only version promoted");
        }
        String target = previous.get();
        Optional<Checkpoint> checkpoint = state.checkpoint(target);
        String digest = state.latestEvaluation(target).map(Evaluation::digest).orElse(null);
        if (checkpoint.isEmpty()) {
            return refuse(Action.ROLLBACK, target, current, digest, null, Refusal.UNKNOWN_VERSION,
                    "the previous production " + target + " has no checkpoint event any more; promote a known version");
        }
        Optional<String> corrupt = artifacts.problem(checkpoint.get());
        if (corrupt.isPresent()) {
            return refuse(Action.ROLLBACK, target, current, digest, checkpoint.get().sha256(), Refusal.CORRUPT_ARTIFACT,
                    "cannot roll back to " + target + ": " + corrupt.get());
        }
        return new Verdict(Action.ROLLBACK, target, Outcome.ACCEPTED, null, null, false, current, digest,
                checkpoint.get().sha256());
    }

    private static Verdict refuse(Action action, String version, String production, String evaluationDigest,
            String artifact, Refusal code, String why) {
        return new Verdict(action, version, Outcome.REFUSED, why, code, false, production, evaluationDigest, artifact);
    }

    private static String score(Evaluation e) {
        return fmt(e.hits1Mean()) + " ± " + fmt(e.hits1Se());
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
