package io.metastream.domain.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Persona sentences in comparable form, and the stable persona id derived from them. */
public final class PersonaIdentity {
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final Pattern SPACE_BEFORE_PUNCT = Pattern.compile("\\s+([.,!?;:'])");
    private static final Pattern TRAILING_PUNCT = Pattern.compile("[\\s.!?]+$");

    private PersonaIdentity() {
    }

    /**
     * Lower-case, trimmed, single spaces, no space before punctuation and no final full stop, so ConvAI2's
     * tokenised "i like cats ." and a true-cased "I like cats." compare equal.
     */
    public static String normalise(String sentence) {
        String s = SPACE.matcher(sentence.toLowerCase(Locale.ROOT).strip()).replaceAll(" ");
        s = SPACE_BEFORE_PUNCT.matcher(s).replaceAll("$1");
        return TRAILING_PUNCT.matcher(s).replaceAll("");
    }

    /** {@code p-} + the first 12 hex digits of sha256 over the sorted distinct normalised sentences. */
    public static String idFor(Collection<String> sentences) {
        TreeSet<String> sorted = new TreeSet<>();
        for (String s : sentences) {
            sorted.add(normalise(s));
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String s : sorted) {
                sha.update(s.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return "p-" + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
