package io.metastream.domain;

/** The UTF-8 length of well-formed text without encoding it (a lone surrogate counts as the 3-byte U+FFFD). */
public final class Utf8Length {
    private Utf8Length() {
    }

    public static int of(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
