package io.metastream.domain.data;

import java.util.List;

/** An exchange as read from a file, before persona identity and candidates are resolved. */
record RawExample(int unit, String dialogueId, int turn, String side, List<String> context, String reply,
                  List<String> candidates, long line) {
    static final String SILENCE = "__SILENCE__";

    /**
     * ConvAI2 train opens some dialogues with a {@code __SILENCE__} query (the bot speaks first): the marker
     * is not a turn, so it is dropped; when nothing else would be left it stays as the only turn, because an
     * example needs a context.
     */
    static boolean isSilence(String turn) {
        String t = turn.strip();
        return t.equals(SILENCE) || t.equals("__ SILENCE __");
    }
}
