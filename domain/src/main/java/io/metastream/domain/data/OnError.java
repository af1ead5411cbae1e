package io.metastream.domain.data;

/** What a reader does with malformed input. */
public enum OnError {
    /** Stop at the first problem with a {@link MalformedInputException} naming file, line and reason. */
    FAIL,
    /** Skip the bad line, record or dialogue, list it in {@link PersonaData#problems()}, and go on. */
    SKIP
}
