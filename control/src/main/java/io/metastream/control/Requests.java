package io.metastream.control;

/** Validation shared by the request records; failures name the field and say what to send. */
final class Requests {
    static final int MAX_TEXT = 2_000;

    private Requests() {
    }

    static String required(String value, String field, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is required: " + what);
        }
        String trimmed = value.strip();
        if (trimmed.length() > MAX_TEXT) {
            throw new IllegalArgumentException("'" + field + "' is too long (" + trimmed.length() + " characters, at most "
                    + MAX_TEXT + ")");
        }
        return trimmed;
    }
}
