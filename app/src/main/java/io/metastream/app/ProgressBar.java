package io.metastream.app;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar: redrawn in place on a terminal, one line per tenth otherwise (logs, CI). */
final class ProgressBar {
    private final PrintWriter out;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private String label = "";
    private long lastTenth = -1;

    ProgressBar(PrintWriter out) {
        this.out = out;
        this.terminal = System.console() != null;
    }

    void phase(String name) {
        finishLine();
        label = name;
        lastTenth = -1;
        out.printf(Locale.ROOT, "[%s] %s%n", elapsed(), name);
        out.flush();
    }

    void step(long done, long total) {
        step(done, total, "steps");
    }

    /** As {@link #step(long, long)}, counting {@code unit} (e.g. personas). */
    void step(long done, long total, String unit) {
        if (total <= 0) {
            return;
        }
        int width = 30;
        int filled = (int) (width * done / total);
        String bar = "#".repeat(filled) + ".".repeat(width - filled);
        long tenth = 10 * done / total;
        if (terminal) {
            out.printf(Locale.ROOT, "\r  [%s] %d/%d %s (%s)", bar, done, total, unit, elapsed());
            if (done == total) {
                out.println();
            }
            out.flush();
        } else if (tenth != lastTenth) {
            lastTenth = tenth;
            out.printf(Locale.ROOT, "  [%s] %d/%d %s (%s) %s%n", bar, done, total, unit, elapsed(), label);
            out.flush();
        }
    }

    void log(String message) {
        finishLine();
        out.printf(Locale.ROOT, "[%s] %s%n", elapsed(), message);
        out.flush();
    }

    private void finishLine() {
        if (terminal) {
            out.print("\r");
        }
    }

    private String elapsed() {
        long s = (System.nanoTime() - started) / 1_000_000_000L;
        return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
