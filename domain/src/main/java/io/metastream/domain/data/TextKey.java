package io.metastream.domain.data;

import java.util.Locale;
import java.util.regex.Pattern;

/** The comparison key of a sentence: lower case, letters and digits only, single spaces. */
public final class TextKey {
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private TextKey() {
    }

    /** "I love cats." and "i love cats ." have the same key. */
    public static String of(String text) {
        return NON_WORD.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
    }
}
