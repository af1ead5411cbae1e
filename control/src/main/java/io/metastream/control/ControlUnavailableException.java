package io.metastream.control;

/** A decision could not be recorded (ledger unreachable, producer fenced...): nothing was changed. */
public final class ControlUnavailableException extends RuntimeException {
    public ControlUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
