package io.metastream.domain.data;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits an SPC "Best Generated Conversation" cell into speaker turns. The generated text is not always
 * tidy, so the rules (checked against the test split) are:
 * <ul>
 *   <li>a line {@code User 1: text} or {@code User 2: text} starts a turn; markdown stars around the tag
 *       ({@code * * User 1: * *}) are ignored;</li>
 *   <li>a stage direction on its own line ({@code [The next day]}, {@code (Later)}, {@code * * *}) is not
 *       speech and is dropped;</li>
 *   <li>any other line continues the current turn (lists, recipes), joined with a space; lines before the
 *       first tag are a preamble and are dropped;</li>
 *   <li>a conversation without any tag alternates speakers line by line, starting with User 1.</li>
 * </ul>
 */
final class SpcTurns {
    private static final Pattern TAG = Pattern.compile("^[*\\s]*user\\s*([12])\\s*:[*\\s]*(.*)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DIRECTION = Pattern.compile("^(\\[.*]|\\(.*\\)|\\*.*\\*)$");

    /** A turn: speaker 1 or 2 and what they say. */
    record Turn(int speaker, String text) {
    }

    private SpcTurns() {
    }

    static List<Turn> parse(String conversation) {
        List<String> lines = new ArrayList<>();
        boolean tagged = false;
        for (String raw : conversation.split("\\R")) {
            String line = raw.strip();
            if (!line.isEmpty() && !DIRECTION.matcher(line).matches()) {
                lines.add(line);
                tagged |= TAG.matcher(line).matches();
            }
        }
        return tagged ? tagged(lines) : alternating(lines);
    }

    private static List<Turn> tagged(List<String> lines) {
        List<Turn> turns = new ArrayList<>();
        int speaker = 0;
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            Matcher m = TAG.matcher(line);
            if (m.matches()) {
                add(turns, speaker, text);
                speaker = Integer.parseInt(m.group(1));
                text.setLength(0);
                text.append(m.group(2).strip());
            } else if (speaker != 0) {
                text.append(text.isEmpty() ? "" : " ").append(line);
            }
        }
        add(turns, speaker, text);
        return turns;
    }

    private static List<Turn> alternating(List<String> lines) {
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            turns.add(new Turn(i % 2 + 1, lines.get(i)));
        }
        return turns;
    }

    private static void add(List<Turn> turns, int speaker, StringBuilder text) {
        String t = text.toString().strip();
        if (speaker != 0 && !t.isEmpty()) {
            turns.add(new Turn(speaker, t));
        }
    }
}
