package io.metastream.domain.paired;

import io.metastream.domain.Checks;
import io.metastream.domain.DomainValidationException;
import io.metastream.domain.RejectReason;

/**
 * A paired comparison of a candidate with a reference on the same frozen queries (see
 * {@link PairedStatistics}): hits@1 difference candidate − reference, its persona-clustered standard
 * error and 95% interval, and the flips.
 *
 * @param delta         mean over personas of the per-persona difference in hits@1
 * @param se            cluster-robust standard error of {@code delta} (personas are the clusters)
 * @param ciLow         lower end of the 95% interval ({@code delta − t·se}, t with personas − 1 df)
 * @param ciHigh        upper end
 * @param negativeFlips (seed, query) outcomes the reference gets right and the candidate wrong
 * @param positiveFlips outcomes the reference gets wrong and the candidate right
 * @param queries       (seed, query) outcomes compared
 * @param personas      personas compared (at least 2: one persona has no spread to estimate)
 */
public record PairedFigures(double delta, double se, double ciLow, double ciHigh, long negativeFlips,
        long positiveFlips, long queries, int personas) {

    public PairedFigures {
        Checks.finite(delta, "delta");
        Checks.finite(se, "se");
        Checks.finite(ciLow, "ciLow");
        Checks.finite(ciHigh, "ciHigh");
        if (delta < -1 || delta > 1 || se < 0 || ciLow > delta || ciHigh < delta) {
            throw new DomainValidationException(RejectReason.INCONSISTENT, "paired figures out of range: delta "
                    + delta + ", se " + se + ", interval [" + ciLow + ", " + ciHigh + "]");
        }
        Checks.nonNegative(negativeFlips, "negativeFlips");
        Checks.nonNegative(positiveFlips, "positiveFlips");
        if (queries < 1 || negativeFlips + positiveFlips > queries || personas < 2) {
            throw new DomainValidationException(RejectReason.INCONSISTENT, "paired figures need at least 2 personas"
                    + " and flips within the queries: " + negativeFlips + " + " + positiveFlips + " flips of "
                    + queries + " queries, " + personas + " personas");
        }
    }

    public double negativeFlipRate() {
        return (double) negativeFlips / queries;
    }

    public double positiveFlipRate() {
        return (double) positiveFlips / queries;
    }

    /** Whether {@code value} lies inside the 95% interval (e.g. 0: "no measurable difference"). */
    public boolean covers(double value) {
        return ciLow <= value && value <= ciHigh;
    }
}
