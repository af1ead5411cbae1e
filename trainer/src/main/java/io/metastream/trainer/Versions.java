package io.metastream.trainer;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checkpoint version labels: {@code v0001}, {@code v0002}, … (wider past 9999). */
public final class Versions {
    private static final Pattern LABEL = Pattern.compile("v(\\d+)");

    private Versions() {
    }

    public static String label(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("version numbers start at 1, was " + n);
        }
        return String.format("v%04d", n);
    }

    public static long number(String label) {
        Matcher m = LABEL.matcher(label);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a trainer version label (v0001…): " + label);
        }
        return Long.parseLong(m.group(1));
    }

    public static String next(Optional<String> last) {
        return label(last.map(Versions::number).orElse(0L) + 1);
    }
}
