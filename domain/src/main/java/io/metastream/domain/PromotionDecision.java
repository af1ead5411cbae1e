package io.metastream.domain;

import java.time.Instant;

/**
 * One entry of the append-only promotion ledger: a request and what was decided.
 *
 * @param decisionId       unique id of this entry
 * @param action           promote or rollback
 * @param version          the version asked for
 * @param previousVersion  production before the decision, or {@code null}
 * @param actor            who asked (the authenticated principal)
 * @param reason           why, in the operator's words
 * @param forced           whether the gate was bypassed (requires a reason)
 * @param outcome          accepted or refused
 * @param refusal          why it was refused, or {@code null} when accepted
 * @param evaluationDigest digest of the evaluation the gate looked at, or {@code null}
 * @param artifactSha256   digest of the artifact, or {@code null} when unknown
 * @param decidedAt        when
 * @param paired           the paired figures the promotion policy judged (candidate against production, or base
 *                         before the first promotion), or {@code null} (rollbacks, refusals before the quality
 *                         check, entries from before they were recorded)
 */
public record PromotionDecision(
        String decisionId,
        Action action,
        String version,
        String previousVersion,
        String actor,
        String reason,
        boolean forced,
        Outcome outcome,
        String refusal,
        String evaluationDigest,
        String artifactSha256,
        Instant decidedAt,
        io.metastream.domain.paired.PairedComparison paired) {

    public enum Action { PROMOTE, ROLLBACK }

    public enum Outcome { ACCEPTED, REFUSED }

    public PromotionDecision {
        Checks.text(decisionId, "decisionId");
        Checks.present(action, "action");
        Checks.text(version, "version");
        Checks.text(actor, "actor");
        Checks.text(reason, "reason");
        Checks.present(outcome, "outcome");
        if (outcome == Outcome.REFUSED) {
            Checks.text(refusal, "refusal");
        }
        if (artifactSha256 != null) {
            Checks.sha256(artifactSha256, "artifactSha256");
        }
        Checks.present(decidedAt, "decidedAt");
    }

    /** An entry without paired figures. */
    public PromotionDecision(String decisionId, Action action, String version, String previousVersion, String actor,
            String reason, boolean forced, Outcome outcome, String refusal, String evaluationDigest,
            String artifactSha256, Instant decidedAt) {
        this(decisionId, action, version, previousVersion, actor, reason, forced, outcome, refusal, evaluationDigest,
                artifactSha256, decidedAt, null);
    }
}
