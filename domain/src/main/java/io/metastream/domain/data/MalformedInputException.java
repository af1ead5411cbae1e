package io.metastream.domain.data;

import java.io.IOException;

/** Thrown under {@link OnError#FAIL} at the first malformed line, record or dialogue of a data file. */
public final class MalformedInputException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    public MalformedInputException(Problem problem) {
        super(problem + " (read with OnError.SKIP to skip such input and list it instead)");
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
