package io.metastream.control;

import io.metastream.domain.PromotionDecision.Action;
import io.metastream.domain.PromotionDecision.Outcome;
import io.metastream.domain.paired.PairedComparison;
import java.util.Objects;

/**
 * What the gate decided, with everything the ledger records about it.
 *
 * @param action           promote or rollback
 * @param version          the version that would become production; for a rollback with nothing to roll back
 *                         to, the current production, or {@link #NO_VERSION} when there is none
 * @param outcome          accepted or refused
 * @param refusal          why it was refused, {@code null} when accepted
 * @param refusalCode      the same as a bounded code, {@code null} when accepted
 * @param forced           whether the decision was accepted only because the operator forced it
 * @param previousVersion  production at the time of the decision, or {@code null}
 * @param evaluationDigest digest of the evaluation the gate looked at, or {@code null}
 * @param artifactSha256   the checkpoint's artifact digest, or {@code null} for an unknown version
 * @param paired           the paired figures the policy judged, or {@code null} when it did not get that far
 */
public record Verdict(Action action, String version, Outcome outcome, String refusal, Refusal refusalCode,
        boolean forced,
        String previousVersion, String evaluationDigest, String artifactSha256, PairedComparison paired) {

    /** Placeholder version of a rollback refused because nothing was ever promoted. */
    public static final String NO_VERSION = "none";

    public Verdict {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.REFUSED) == (refusal == null) || (refusal == null) != (refusalCode == null)) {
            throw new IllegalArgumentException("a refused verdict needs a refusal and its code, an accepted one neither");
        }
        if (forced && outcome == Outcome.REFUSED) {
            throw new IllegalArgumentException("only an accepted verdict can be forced");
        }
    }

    /** A verdict without paired figures. */
    public Verdict(Action action, String version, Outcome outcome, String refusal, Refusal refusalCode,
            boolean forced, String previousVersion, String evaluationDigest, String artifactSha256) {
        this(action, version, outcome, refusal, refusalCode, forced, previousVersion, evaluationDigest, artifactSha256,
                null);
    }

    public boolean accepted() {
        return outcome == Outcome.ACCEPTED;
    }
}
