package io.metastream.domain.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One piece of malformed input: where it is and what is wrong with it.
 *
 * @param file   the data file
 * @param line   1-based line where the bad line, record or dialogue starts
 * @param reason what is wrong, in words a user can act on
 */
public record Problem(Path file, long line, String reason) {
    public Problem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
        if (line < 1) {
            throw new IllegalArgumentException("line is 1-based, was " + line);
        }
    }

    /** {@code file:line: reason}, the form compilers use, so editors can jump to it. */
    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
