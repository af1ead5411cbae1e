package io.metastream.domain;

/**
 * What counts as well-formed and as blank text. {@link String#isBlank} knows only ASCII-ish whitespace, so
 * a reply of no-break spaces, zero-width spaces or bidi marks would pass it; here every character a reader
 * cannot see counts as blank.
 */
public final class Text {
    private Text() {
    }

    /** True if no code point of {@code s} is visible (empty included). */
    public static boolean isBlank(CharSequence s) {
        for (int i = 0; i < s.length(); ) {
            int cp = Character.codePointAt(s, i);
            if (!isInvisible(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /** Whitespace (incl. no-break spaces), controls, format characters (Cf: bidi marks, zero-width) and fillers. */
    static boolean isInvisible(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        if (type == Character.FORMAT || type == Character.CONTROL) {
            return true;
        }
        return switch (cp) {
            // Hangul fillers, braille blank, combining grapheme joiner, Mongolian vowel separator
            case 0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x034F, 0x180E -> true;
            default -> (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) // variation selectors
                    || (cp >= 0x180B && cp <= 0x180F);
        };
    }

    /** The index of the first lone surrogate, or -1 if every surrogate is half of a pair. */
    public static int loneSurrogate(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Refuses a lone surrogate and control characters; free text may keep tab, line feed and carriage return,
     * identifiers may not, nor format characters or line and paragraph separators.
     */
    static void requireWellFormed(String value, String field, boolean freeText) {
        int lone = loneSurrogate(value);
        if (lone >= 0) {
            throw new DomainValidationException(RejectReason.MALFORMED_TEXT,
                    field + " has a lone surrogate at index " + lone);
        }
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int type = Character.getType(cp);
            boolean layout = cp == '\t' || cp == '\n' || cp == '\r';
            boolean bad = type == Character.CONTROL ? !(freeText && layout)
                    : !freeText && (type == Character.FORMAT || type == Character.LINE_SEPARATOR
                            || type == Character.PARAGRAPH_SEPARATOR);
            if (bad) {
                throw new DomainValidationException(RejectReason.MALFORMED_TEXT,
                        field + " has the " + (type == Character.CONTROL ? "control" : "format or separator")
                                + " character U+" + String.format("%04X", cp) + " at index " + i);
            }
            i += Character.charCount(cp);
        }
    }

    /** {@code s} with lone surrogates and controls written as {@code \\uXXXX}: safe for a log line or header. */
    public static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pairStart = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (pairStart) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c) || Character.isISOControl(c)
                    || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
