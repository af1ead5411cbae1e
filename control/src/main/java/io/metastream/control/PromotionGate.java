package io.metastream.control;

import io.metastream.domain.Checkpoint;
import io.metastream.domain.Evaluation;
import io.metastream.domain.PromotionDecision.Action;
import io.metastream.domain.PromotionDecision.Outcome;
import io.metastream.domain.paired.PairedComparison;
import io.metastream.domain.paired.PairedStatistics;
import io.metastream.domain.paired.PromotionPolicy;
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
 *   <li>the one {@link PromotionPolicy} passes it: paired against the production of this moment (its evaluation on
 *       the same held-out set, compared query by query from both evaluations' stored outcomes), or against the
 *       pretrained {@code base} evaluation before the first promotion; the 95% interval's lower end must exceed
 *       the margin and the negative-flip rate must be at most the maximum;</li>
 *   <li>the artifact's files still match the checkpoint's digest ({@link ArtifactCheck}; checked last because
 *       it re-hashes the files).</li>
 * </ol>
 * {@code force} overrides only the quality check 5 (recorded as forced, with the operator's reason and the paired
 * figures). It never overrides 1–4 or 6: an unknown, unmeasured or corrupt artifact is an integrity problem, not a
 * judgement call. The figures are recomputed here rather than read from the evaluation because production may have
 * moved since the evaluator judged it.
 *
 * <p>A rollback returns to the production before the current one (from the ledger history) without the
 * quality checks; it only needs a previous production whose checkpoint is known and whose artifact is intact.
 *
 * <p>Pure given a pure {@link ArtifactCheck}: the only I/O is what the caller's check does.
 */
public final class PromotionGate {
    /** Version label of the pretrained base's reference evaluation (the evaluator publishes it). */
    static final String BASE_VERSION = PairedComparison.BASE;

    private final PromotionPolicy policy;

    public PromotionGate(PromotionPolicy policy) {
        this.policy = java.util.Objects.requireNonNull(policy, "policy");
    }

    public PromotionPolicy policy() {
        return policy;
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
        Judged judged = judge(state, evaluation, production);
        Problem problem = judged.problem();
        if (problem != null && !request.force()) {
            return new Verdict(Action.PROMOTE, version, Outcome.REFUSED, problem.text()
                    + "; to override, promote with force and a reason", problem.code(), false, production,
                    evaluation.digest(), artifact, judged.paired());
        }
        Optional<String> corrupt = artifacts.problem(checkpoint.get());
        if (corrupt.isPresent()) {
            return refuse(Action.PROMOTE, version, production, evaluation.digest(), artifact, Refusal.CORRUPT_ARTIFACT,
                    corrupt.get() + " (force cannot override this)");
        }
        return new Verdict(Action.PROMOTE, version, Outcome.ACCEPTED, null, null, problem != null, production,
                evaluation.digest(), artifact, judged.paired());
    }

    private record Problem(Refusal code, String text) {
    }

    private record Judged(Problem problem, PairedComparison paired) {
    }

    /** The policy's verdict against production (or base before the first promotion), with the figures it used. */
    private Judged judge(ControlState state, Evaluation evaluation, String production) {
        String set = evaluation.evalSetVersion();
        String label = production != null ? PairedComparison.PRODUCTION : PairedComparison.BASE;
        Optional<Evaluation> reference = production != null ? state.latestEvaluation(production, set)
                : state.latestEvaluation(BASE_VERSION, set);
        Optional<String> referenceVersion = production != null ? Optional.of(production)
                : reference.map(Evaluation::version);
        if (production != null && reference.isEmpty()) {
            return new Judged(new Problem(Refusal.NOT_COMPARABLE, "production " + production + " has no evaluation on "
                    + "held-out set " + set + ", so " + evaluation.version() + " cannot be compared with it; evaluate "
                    + production + " on that set"), null);
        }
        if (referenceVersion.isEmpty() && !evaluation.passed()) {
            // nothing here to compare with: the evaluator's own verdict stands
            return new Judged(new Problem(Refusal.NOT_PASSED, "the evaluation of " + evaluation.version()
                    + " did not pass" + (evaluation.verdict() == null ? "" : ": " + evaluation.verdict())), null);
        }
        Optional<PairedComparison> paired = pairedAgainstReference(state, evaluation);
        PromotionPolicy.Verdict v = policy.judge(referenceVersion, paired,
                Optional.ofNullable(evaluation.portability()));
        Problem problem = v.passed() ? null : new Problem(switch (v.refusal().orElseThrow()) {
            case NOT_COMPARABLE -> Refusal.NOT_COMPARABLE;
            case BELOW_MARGIN -> Refusal.BELOW_MARGIN;
            case TOO_MANY_NEGATIVE_FLIPS -> Refusal.TOO_MANY_NEGATIVE_FLIPS;
            case PORTED_ADAPTERS_LOSE_ANSWERS -> Refusal.PORTED_ADAPTERS_LOSE_ANSWERS;
        }, evaluation.version() + ": " + v.explanation());
        return new Judged(problem, paired.orElse(null));
    }

    /**
     * The evaluation's paired figures against the reference of this moment: production's latest evaluation on
     * the same held-out set, or the {@code base} evaluation when nothing is in production; empty when not comparable.
     */
    static Optional<PairedComparison> pairedAgainstReference(ControlState state, Evaluation evaluation) {
        Optional<String> production = state.production();
        String label = production.isPresent() ? PairedComparison.PRODUCTION : PairedComparison.BASE;
        String reference = production.orElse(BASE_VERSION);
        if (evaluation.version().equals(reference)) {
            return Optional.empty();
        }
        return state.latestEvaluation(reference, evaluation.evalSetVersion())
                .flatMap(r -> compare(label, r, evaluation));
    }

    private static Optional<PairedComparison> compare(String label, Evaluation reference, Evaluation candidate) {
        if (reference.outcomes().isEmpty() || candidate.outcomes().isEmpty()) {
            return Optional.empty();
        }
        try {
            return PairedStatistics.compare(reference.outcomes(), candidate.outcomes())
                    .map(f -> new PairedComparison(label, reference.version(), f));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // different personas, seeds or queries: not comparable
        }
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
}
