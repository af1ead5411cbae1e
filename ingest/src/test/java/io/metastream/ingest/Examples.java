package io.metastream.ingest;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.OffsetRange;
import io.metastream.domain.serde.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Small, valid conversation examples for tests. */
final class Examples {
    private Examples() {
    }

    /** Example n of a persona, in one of {@link #DIALOGUES} dialogues (n modulo that). */
    static ConversationExample example(String persona, int n) {
        return inDialogue(persona, n, n % DIALOGUES);
    }

    static final int DIALOGUES = 5;

    static ConversationExample inDialogue(String persona, int n, int dialogue) {
        return new ConversationExample(ConversationExample.idFor(persona, Integer.toString(n)), persona,
                persona + "-dialogue-" + dialogue, n / DIALOGUES, List.of("hello, how are you? " + n),
                "i am fine, i like dogs " + n, List.of(), List.of("i like dogs."), "test");
    }

    static SourcedExample sourced(ConversationExample e, OffsetRange source) {
        return new SourcedExample(e.exampleId(), e.dialogueId(), source, bytes(e));
    }

    static ConversationExample withCandidates(String persona, int n) {
        ConversationExample e = example(persona, n);
        return e.withCandidates(List.of(e.reply(), "a distractor " + n, "another distractor " + n));
    }

    static byte[] bytes(ConversationExample e) {
        return JsonSerde.conversationExample().toBytes(e);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static OffsetRange offset(long offset) {
        return new OffsetRange("conversations", 0, offset, offset + 1);
    }
}
