package io.metastream.domain.paired;

import java.util.Locale;
import java.util.Optional;

/**
 * The one promotion policy (the evaluator shows its verdict, the control service decides with it): a candidate
 * passes when the lower end of its paired 95% interval against the reference exceeds {@code margin} AND its
 * negative-flip rate (queries the reference gets right and the candidate wrong) is at most
 * {@code maxNegativeFlipRate}. The reference is production; with no production yet, the pretrained {@code base}.
 * With neither (an evaluator without a base directory, before the first promotion) there is nothing to beat:
 * the first promotion passes and says so. A reference without comparable outcomes (another frozen set, an
 * evaluation from before outcomes were stored, fewer than 2 personas) does not pass.
 *
 * <p>Optionally ({@code maxPortedLossShare} set; off by default) the users' adapters count too: a candidate whose
 * evaluation ported production's kept adapters ({@link PortabilityReport}) and lost more than that share of
 * production's correct answers does not pass. Only figures against the reference version itself are judged;
 * with none (production kept no adapters) there is nothing to lose and the check says so. Pure.
 *
 * @param margin              hits@1 difference the interval's lower end must exceed, in [−1, 1]
 * @param maxNegativeFlipRate largest tolerated share of negative flips, in [0, 1]
 * @param maxPortedLossShare  largest tolerated share of production's correct answers the ported adapters lose, in
 *                            [0, 1]; NaN turns the check off
 */
public record PromotionPolicy(double margin, double maxNegativeFlipRate, double maxPortedLossShare) {
    /** The setting of {@code maxPortedLossShare}, read by the evaluator and the control service alike. */
    public static final String MAX_PORTED_LOSS_SHARE_VARIABLE = "METASTREAM_PROMOTION_MAX_PORTED_LOSS_SHARE";
    public static final double DEFAULT_MARGIN = 0.0;
    public static final double DEFAULT_MAX_NEGATIVE_FLIP_RATE = 0.10;
    /** Floating-point noise in means of equal values (0.1 + 0.1 + 0.1 = 0.30000000000000004): "exceeds" is strict. */
    static final double TOLERANCE = 1e-9;

    /** Why a candidate does not pass; lower-case names are used as metric tags and in the ledger. */
    public enum Refusal { NOT_COMPARABLE, BELOW_MARGIN, TOO_MANY_NEGATIVE_FLIPS, PORTED_ADAPTERS_LOSE_ANSWERS }

    /** The verdict: passed, or a refusal with a sentence that says why with the figures. */
    public record Verdict(boolean passed, Optional<Refusal> refusal, String explanation) {
    }

    public PromotionPolicy {
        if (!(margin >= -1 && margin <= 1)) {
            throw new IllegalArgumentException("margin must be a hits@1 difference in [-1, 1], got " + margin);
        }
        if (!(maxNegativeFlipRate >= 0 && maxNegativeFlipRate <= 1)) {
            throw new IllegalArgumentException("the maximum negative-flip rate must be in [0, 1], got "
                    + maxNegativeFlipRate);
        }
        if (!Double.isNaN(maxPortedLossShare) && !(maxPortedLossShare >= 0 && maxPortedLossShare <= 1)) {
            throw new IllegalArgumentException("the maximum share of answers ported adapters may lose must be in "
                    + "[0, 1] (or NaN: off), got " + maxPortedLossShare);
        }
    }

    /** Reads a decimal setting: its name, default and bounds (a service configuration's reader). */
    @FunctionalInterface
    public interface Settings {
        double decimal(String name, double defaultValue, double min, double max);
    }

    /**
     * The policy from its settings, read in this one place by the evaluator and the control service alike:
     * {@code METASTREAM_PROMOTION_MARGIN}, {@code METASTREAM_PROMOTION_MAX_NEGATIVE_FLIP_RATE} and
     * {@value #MAX_PORTED_LOSS_SHARE_VARIABLE} (empty or unset: the ported-adapter check is off).
     */
    public static PromotionPolicy read(Settings settings) {
        return new PromotionPolicy(settings.decimal("METASTREAM_PROMOTION_MARGIN", DEFAULT_MARGIN, -1.0, 1.0),
                settings.decimal("METASTREAM_PROMOTION_MAX_NEGATIVE_FLIP_RATE", DEFAULT_MAX_NEGATIVE_FLIP_RATE, 0.0,
                        1.0),
                settings.decimal(MAX_PORTED_LOSS_SHARE_VARIABLE, Double.NaN, 0.0, 1.0));
    }

    /** The policy as settings (for start logs and child processes); the ported check only when it is on. */
    public java.util.Map<String, String> settings() {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        out.put("METASTREAM_PROMOTION_MARGIN", Double.toString(margin));
        out.put("METASTREAM_PROMOTION_MAX_NEGATIVE_FLIP_RATE", Double.toString(maxNegativeFlipRate));
        if (checksPortedAdapters()) {
            out.put(MAX_PORTED_LOSS_SHARE_VARIABLE, Double.toString(maxPortedLossShare));
        }
        return out;
    }

    /** The policy without the ported-adapter check. */
    public PromotionPolicy(double margin, double maxNegativeFlipRate) {
        this(margin, maxNegativeFlipRate, Double.NaN);
    }

    public static PromotionPolicy defaults() {
        return new PromotionPolicy(DEFAULT_MARGIN, DEFAULT_MAX_NEGATIVE_FLIP_RATE);
    }

    /** Whether the ported-adapter check is on. */
    public boolean checksPortedAdapters() {
        return !Double.isNaN(maxPortedLossShare);
    }

    /** {@link #judge(Optional, Optional, Optional)} without portability figures. */
    public Verdict judge(Optional<String> referenceVersion, Optional<PairedComparison> figures) {
        return judge(referenceVersion, figures, Optional.empty());
    }

    /**
     * @param referenceVersion the reference's version, empty when there is none at all
     * @param figures          the candidate's paired figures against it, empty when not comparable
     * @param ported           production's kept adapters scored on the candidate, empty when none were ported
     */
    public Verdict judge(Optional<String> referenceVersion, Optional<PairedComparison> figures,
            Optional<PortabilityReport> ported) {
        if (referenceVersion.isEmpty()) {
            return new Verdict(true, Optional.empty(), "no production and no base reference: nothing to beat");
        }
        if (figures.isEmpty()) {
            return new Verdict(false, Optional.of(Refusal.NOT_COMPARABLE), "no paired outcomes against "
                    + referenceVersion.get() + " on the same frozen set (evaluate both on it, with at least 2 personas)");
        }
        PairedFigures f = figures.get().figures();
        String shown = figures.get().describe();
        if (!(f.ciLow() - margin > TOLERANCE)) {
            return new Verdict(false, Optional.of(Refusal.BELOW_MARGIN), "the 95% interval's lower end "
                    + fmt(f.ciLow()) + " does not exceed the margin " + fmt(margin) + ": " + shown);
        }
        if (f.negativeFlipRate() > maxNegativeFlipRate + TOLERANCE) {
            return new Verdict(false, Optional.of(Refusal.TOO_MANY_NEGATIVE_FLIPS), "negative-flip rate "
                    + fmt(f.negativeFlipRate()) + " exceeds the maximum " + fmt(maxNegativeFlipRate) + ": " + shown);
        }
        if (checksPortedAdapters()) {
            Optional<PortabilityReport> p = ported.filter(r -> r.productionVersion().equals(referenceVersion.get()));
            if (p.isPresent() && p.get().lostShare() > maxPortedLossShare + TOLERANCE) {
                return new Verdict(false, Optional.of(Refusal.PORTED_ADAPTERS_LOSE_ANSWERS), "production's adapters"
                        + " ported as they are lose " + p.get().negativeFlips() + " of " + p.get().productionCorrect()
                        + " correct answers (" + fmt(p.get().lostShare()) + ", maximum " + fmt(maxPortedLossShare)
                        + "; " + p.get().reAdapt() + " of " + p.get().personas().size() + " personas need re-adapting)"
                        + ": " + shown);
            }
            return new Verdict(true, Optional.empty(), "passes: " + shown + (p.isPresent()
                    ? "; ported adapters lose " + fmt(p.get().lostShare()) + " of production's correct answers"
                    : "; no adapters of " + referenceVersion.get() + " were ported, nothing to lose"));
        }
        return new Verdict(true, Optional.empty(), "passes: " + shown);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
