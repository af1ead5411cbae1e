package io.metastream.app.local;

import io.metastream.control.StatusView;
import io.metastream.control.StatusView.VersionRow;

/** The demo's live table: every version side by side with its few-shot hits@1 and the gate. */
final class DemoTable {
    private DemoTable() {
    }

    static String render(StatusView status) {
        StringBuilder sb = new StringBuilder();
        String fmt = "  %-16s %-16s %-16s %-20s %-13s %s%n";
        sb.append(String.format(fmt, "version", "algorithm", "parent", "hits@1 ± s.e.", "Δ production", "gate"));
        for (VersionRow r : status.versions()) {
            sb.append(String.format(fmt, r.version() + (r.production() ? " *" : ""), r.algorithm(),
                    r.parentVersion() == null ? "pretrained" : r.parentVersion(), hits(r), delta(r), gate(r)));
        }
        for (VersionRow r : status.references()) {
            sb.append(String.format(fmt, r.version(), "(no retraining)", "-", hits(r), delta(r), "reference"));
        }
        sb.append("  production: ").append(status.production() == null ? "none yet" : status.production());
        return sb.toString();
    }

    private static String hits(VersionRow r) {
        return r.hits1Mean() == null ? "evaluating…"
                : String.format("%5.1f%% ± %.1f%%", 100 * r.hits1Mean(), 100 * r.hits1Se());
    }

    private static String delta(VersionRow r) {
        return r.deltaToProduction() == null ? "-" : String.format("%+.1f pts", 100 * r.deltaToProduction());
    }

    private static String gate(VersionRow r) {
        return r.passed() == null ? "-" : r.passed() ? "pass" : "fail";
    }
}
