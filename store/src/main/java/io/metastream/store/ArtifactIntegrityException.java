package io.metastream.store;

/**
 * An artifact on disk does not match what was published. {@link #problem()} is bounded (usable as a metric tag).
 */
public final class ArtifactIntegrityException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the artifact. */
    public enum Problem {
        MISSING_VERSION,
        MISSING_MANIFEST,
        MISSING_FILE,
        EXTRA_FILE,
        FILE_DIGEST_MISMATCH,
        ARTIFACT_DIGEST_MISMATCH,
        MISSING_MODEL,
        UNREADABLE
    }

    private final Problem problem;

    public ArtifactIntegrityException(Problem problem, String detail) {
        super(problem + ": " + detail);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
