package io.metastream.domain;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Precondition helpers shared by the domain records; every failure is a {@link DomainValidationException}. */
public final class Checks {
    /** Longest accepted single text (a turn, a reply, a fact); longer input is almost surely not a chat turn. */
    public static final int MAX_TEXT = 8_192;
    public static final int MAX_TURNS = 256;
    /** Longest accepted identifier (persona, example, dialogue ids, source names). */
    public static final int MAX_ID = 256;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Checks() {
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new DomainValidationException(RejectReason.MISSING_FIELD, field + " is required");
        }
        return value;
    }

    /**
     * Free text (a turn, a reply, a fact): well-formed (no lone surrogate, no control character but tab, line
     * feed and carriage return), not blank in the Unicode sense ({@link Text#isBlank}), at most
     * {@link #MAX_TEXT} characters.
     */
    public static String text(String value, String field) {
        present(value, field);
        if (value.length() > MAX_TEXT) {
            throw new DomainValidationException(RejectReason.TEXT_TOO_LONG,
                    field + " has " + value.length() + " characters, more than " + MAX_TEXT);
        }
        Text.requireWellFormed(value, field, true);
        if (Text.isBlank(value)) {
            throw new DomainValidationException(RejectReason.BLANK_TEXT, field + " must not be blank");
        }
        return value;
    }

    /**
     * An identifier: well-formed text without any control, format or line-separator character, not blank,
     * at most {@link #MAX_ID} characters. Such a string encodes to UTF-8 and back without loss, so two
     * distinct identifiers can never collide as Kafka keys or store keys.
     */
    public static String identifier(String value, String field) {
        present(value, field);
        if (value.length() > MAX_ID) {
            throw new DomainValidationException(RejectReason.TEXT_TOO_LONG,
                    field + " has " + value.length() + " characters, more than " + MAX_ID);
        }
        Text.requireWellFormed(value, field, false);
        if (Text.isBlank(value)) {
            throw new DomainValidationException(RejectReason.BLANK_TEXT, field + " must not be blank");
        }
        return value;
    }

    public static List<String> texts(List<String> values, String field) {
        if (values == null) {
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            text(values.get(i), field + "[" + i + "]");
        }
        return List.copyOf(values);
    }

    public static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new DomainValidationException(RejectReason.NEGATIVE_NUMBER, field + " must be >= 0, was " + value);
        }
        return value;
    }

    public static double finite(double value, String field) {
        if (!Double.isFinite(value)) {
            throw new DomainValidationException(RejectReason.INVALID_VALUE, field + " must be finite, was " + value);
        }
        return value;
    }

    public static double unitInterval(double value, String field) {
        finite(value, field);
        if (value < 0 || value > 1) {
            throw new DomainValidationException(RejectReason.INVALID_VALUE, field + " must be in [0, 1], was " + value);
        }
        return value;
    }

    public static String sha256(String value, String field) {
        present(value, field);
        if (!SHA256.matcher(value).matches()) {
            throw new DomainValidationException(RejectReason.INVALID_DIGEST,
                    field + " must be 64 lower-case hex characters (sha256)");
        }
        return value;
    }

    /** An immutable copy; null entries are refused (a plain {@code Map.copyOf} would throw an NPE). */
    public static <K, V> Map<K, V> map(Map<K, V> values) {
        if (values == null) {
            return Map.of();
        }
        for (Map.Entry<K, V> e : values.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new DomainValidationException(RejectReason.MISSING_FIELD,
                        "map entries need a key and a value, found " + e.getKey() + "=" + e.getValue());
            }
        }
        return Map.copyOf(values);
    }

    /** An immutable copy of a required list without null elements (a plain {@code List.copyOf} would NPE). */
    public static <T> List<T> elements(List<T> values, String field) {
        present(values, field);
        for (int i = 0; i < values.size(); i++) {
            present(values.get(i), field + "[" + i + "]");
        }
        return List.copyOf(values);
    }
}
