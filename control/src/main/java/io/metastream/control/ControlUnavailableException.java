package io.metastream.control;

/**
 * A decision could not be recorded or confirmed (ledger unreachable, producer fenced, commit timed out); the
 * message says which. The API answers 503.
 */
public final class ControlUnavailableException extends RuntimeException {
    public ControlUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
