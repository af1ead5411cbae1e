package io.metastream.domain.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/** The persona-conversation file formats Metastream reads. */
public enum DataFormat {
    /** ParlAI FB-dialog text: numbered lines, {@code your persona:} lines, {@code query\treply[\t\tcands]}. */
    PARLAI,
    /** Hugging Face PersonaChat JSON: {@code {"train":[{"personality":[…],"utterances":[…]}],…}}. */
    HF_JSON,
    /** Synthetic-Persona-Chat CSV: {@code user 1 personas,user 2 personas,Best Generated Conversation}. */
    SPC_CSV;

    private static final Pattern PARLAI_LINE = Pattern.compile("\\d+ .*");

    /** Sniffs the first non-blank line of the file; fails with a message naming the accepted formats. */
    public static DataFormat detect(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "not a readable data file");
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                String text = stripBom(line).strip();
                if (text.isEmpty()) {
                    continue;
                }
                if (text.startsWith("{")) {
                    return HF_JSON;
                }
                if (PARLAI_LINE.matcher(text).matches()) {
                    return PARLAI;
                }
                // By column name, not position: some exports add a leading index column.
                if (text.toLowerCase(Locale.ROOT).replace("\"", "").contains("user 1 personas")) {
                    return SPC_CSV;
                }
                throw new MalformedInputException(new Problem(file, number, "unknown data format: expected ParlAI"
                        + " text (lines like '1 your persona: …'), Hugging Face PersonaChat JSON (starting with '{')"
                        + " or a Synthetic-Persona-Chat CSV (header 'user 1 personas,user 2 personas,…')"));
            }
        }
        throw new MalformedInputException(new Problem(file, 1, "the file is empty: no dialogues to read"));
    }

    static String stripBom(String line) {
        return !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
    }
}
