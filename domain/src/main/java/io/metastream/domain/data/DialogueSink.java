package io.metastream.domain.data;

import java.util.List;

/** What a format reader emits, in file order; shared by the identity pass and the example pass. */
interface DialogueSink {
    /** A dialogue (ParlAI, HF JSON) or conversation (SPC) starts. */
    void dialogue(String dialogueId);

    /**
     * A persona unit speaks in the current dialogue: the dialogue itself (ParlAI, HF JSON) or one side of
     * an SPC conversation. Declared before its first example, with its raw persona sentences (never empty).
     */
    void persona(int unit, List<String> facts);

    void example(RawExample example) throws MalformedInputException;
}
