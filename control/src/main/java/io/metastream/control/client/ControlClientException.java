package io.metastream.control.client;

/**
 * A control API call that did not succeed, with a one-line message fit for a terminal.
 * {@link #status()} is the HTTP status, or {@code 0} when no HTTP answer was received (connection refused,
 * timeout).
 */
public class ControlClientException extends RuntimeException {
    private final int status;

    public ControlClientException(int status, String message) {
        super(message);
        this.status = status;
    }

    public ControlClientException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    public int status() {
        return status;
    }
}
