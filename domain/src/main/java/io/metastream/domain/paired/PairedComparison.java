package io.metastream.domain.paired;

import io.metastream.domain.Checks;
import io.metastream.domain.DomainValidationException;
import io.metastream.domain.RejectReason;
import java.util.Locale;

/**
 * An evaluated version's paired figures against one reference on the frozen set.
 *
 * @param reference        which reference: {@value #PRODUCTION}, {@value #BASE}, or {@value #ZERO_SHOT} (the
 *                         version itself before any adaptation step: the figures are then its adaptation gain)
 * @param referenceVersion the version compared with (for {@value #BASE}: {@code base}; for {@value #ZERO_SHOT}: the
 *                         evaluated version)
 * @param figures          the paired figures, candidate − reference
 */
public record PairedComparison(String reference, String referenceVersion, PairedFigures figures) {
    public static final String PRODUCTION = "production";
    public static final String BASE = "base";
    public static final String ZERO_SHOT = "zero_shot";

    public PairedComparison {
        Checks.text(reference, "reference");
        if (!reference.equals(PRODUCTION) && !reference.equals(BASE) && !reference.equals(ZERO_SHOT)) {
            throw new DomainValidationException(RejectReason.INCONSISTENT, "reference must be " + PRODUCTION + ", "
                    + BASE + " or " + ZERO_SHOT);
        }
        Checks.text(referenceVersion, "referenceVersion");
        Checks.present(figures, "figures");
    }

    /** One line, e.g. {@code Δ +0.031 [−0.004, +0.066] vs production v3, flips −12/+30 of 480}. */
    public String describe() {
        PairedFigures f = figures;
        return String.format(Locale.ROOT, "Δ %+.3f [%+.3f, %+.3f] vs %s %s, flips -%d/+%d of %d%s", f.delta(),
                f.ciLow(), f.ciHigh(), reference, referenceVersion, f.negativeFlips(), f.positiveFlips(), f.queries(),
                f.covers(0) ? " (0 is inside the interval)" : "");
    }
}
