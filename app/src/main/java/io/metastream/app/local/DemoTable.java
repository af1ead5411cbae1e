package io.metastream.app.local;

import io.metastream.control.StatusView;
import io.metastream.control.StatusView.VersionRow;
import io.metastream.domain.paired.PairedFigures;
import java.util.Locale;

/**
 * The demo's live table: every version side by side with its few-shot hits@1, its paired difference to the
 * reference (production, or the pretrained base before the first promotion) with the 95% interval and the
 * flips, and the gate; under a version whose evaluation ported production's per-persona adapters, how they fare
 * as they are. The demo's frozen set is small, so the interval is wide: it says so when 0 is inside.
 */
final class DemoTable {
    private DemoTable() {
    }

    static String render(StatusView status) {
        StringBuilder sb = new StringBuilder();
        String fmt = "  %-16s %-16s %-12s %-16s %-28s %-38s %-11s %s%n";
        sb.append(String.format(Locale.ROOT, fmt, "version", "algorithm", "parent", "hits@1 ± s.e.",
                "zero-shot, gain [95% CI]", "Δ vs reference [95% CI]", "flips -/+", "gate"));
        for (VersionRow r : status.versions()) {
            sb.append(String.format(Locale.ROOT, fmt, r.version() + (r.production() ? " *" : ""), r.algorithm(),
                    r.parentVersion() == null ? "pretrained" : r.parentVersion(), hits(r), gain(r), paired(r),
                    flips(r), gate(r)));
            if (r.portability() != null) {
                sb.append("      ").append(StatusView.ported(r.portability())).append('\n');
            }
        }
        for (VersionRow r : status.references()) {
            sb.append(String.format(Locale.ROOT, fmt, r.version(), "(no retraining)", "-", hits(r), gain(r),
                    paired(r), flips(r), "reference"));
        }
        sb.append("  production: ").append(status.production() == null ? "none yet" : status.production());
        sb.append(String.format(Locale.ROOT, "   (gate: interval's lower end > %+.1f pts, negative flips ≤ %.0f%%)",
                100 * status.margin(), 100 * status.maxNegativeFlipRate()));
        if (status.maxPortedLossShare() != null) {
            sb.append(String.format(Locale.ROOT, ", ported adapters lose ≤ %.0f%% of production's answers",
                    100 * status.maxPortedLossShare()));
        }
        return sb.toString();
    }

    private static String hits(VersionRow r) {
        return r.hits1Mean() == null ? "evaluating…"
                : String.format(Locale.ROOT, "%5.1f%% ± %.1f%%", 100 * r.hits1Mean(), 100 * r.hits1Se());
    }

    /** e.g. {@code +3.1 [-0.4, +6.6] v0001, inside} — "inside" when the interval holds 0 (no measurable difference). */
    /** Zero-shot hits@1 and the paired adaptation gain, e.g. {@code 34.4% +5.2 [+1.0, +9.4]}. */
    static String gain(VersionRow r) {
        if (r.zeroShotHits1() == null) {
            return "-";
        }
        String zero = String.format(Locale.ROOT, "%.1f%%", 100 * r.zeroShotHits1());
        PairedFigures g = r.adaptationGain();
        return g == null ? zero : String.format(Locale.ROOT, "%s %+.1f [%+.1f, %+.1f]", zero, 100 * g.delta(),
                100 * g.ciLow(), 100 * g.ciHigh());
    }

    static String paired(VersionRow r) {
        if (r.paired() == null) {
            return "-";
        }
        PairedFigures f = r.paired().figures();
        return String.format(Locale.ROOT, "%+.1f [%+.1f, %+.1f] %s%s", 100 * f.delta(), 100 * f.ciLow(),
                100 * f.ciHigh(), r.paired().referenceVersion(), f.covers(0) ? ", 0 inside" : "");
    }

    private static String flips(VersionRow r) {
        if (r.paired() == null) {
            return "-";
        }
        PairedFigures f = r.paired().figures();
        return f.negativeFlips() + "/" + f.positiveFlips();
    }

    private static String gate(VersionRow r) {
        return r.passed() == null ? "-" : r.passed() ? "pass" : "fail";
    }
}
