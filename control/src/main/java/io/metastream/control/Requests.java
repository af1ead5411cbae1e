package io.metastream.control;

import io.metastream.store.ArtifactStore;

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

    /** A version name as the artifact store names directories: letters, digits, '.', '_' and '-'. */
    static String version(String value, String what) {
        String v = required(value, "version", what);
        if (!ArtifactStore.isVersionName(v)) {
            throw new IllegalArgumentException("'version' may hold letters, digits, '.', '_' and '-' only, starting "
                    + "with a letter or digit, at most 128 characters");
        }
        return v;
    }

    /** Free text on one line: no control, format (bidi), separator or unassigned characters, no lone surrogates. */
    static String line(String value, String field, String what) {
        String v = required(value, field, what);
        for (int i = 0; i < v.length(); ) {
            int cp = v.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                    || type == Character.UNASSIGNED || type == Character.PRIVATE_USE) {
                throw new IllegalArgumentException("'" + field + "' must be one line of printable text (character "
                        + (i + 1) + " is U+" + String.format("%04X", cp) + ")");
            }
            i += Character.charCount(cp);
        }
        return v;
    }
}
