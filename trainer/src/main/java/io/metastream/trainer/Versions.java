package io.metastream.trainer;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checkpoint version labels of one trainer: {@code <prefix>v0001}, {@code <prefix>v0002}, … (wider past 9999).
 * The prefix namespaces trainers that share a store and a checkpoints topic (one per algorithm): a trainer
 * only ever continues, cleans up or retains versions of its own namespace.
 */
public record Versions(String prefix) {
    public Versions {
        prefix = prefix == null ? "" : prefix;
    }

    private Pattern pattern() {
        return Pattern.compile(Pattern.quote(prefix) + "v(\\d+)");
    }

    public String label(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("version numbers start at 1, was " + n);
        }
        return prefix + String.format("v%04d", n);
    }

    /** Whether the label belongs to this trainer's namespace. */
    public boolean owns(String label) {
        return pattern().matcher(label).matches();
    }

    public long number(String label) {
        Matcher m = pattern().matcher(label);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a version of this trainer (" + prefix + "v0001…): " + label);
        }
        return Long.parseLong(m.group(1));
    }

    public String next(Optional<String> last) {
        return label(last.map(this::number).orElse(0L) + 1);
    }
}
