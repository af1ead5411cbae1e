package io.metastream.evaluator;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import java.util.List;

/** Tiny valid persona tasks for tests. */
final class HeldOut {
    private HeldOut() {
    }

    static PersonaTask task(String persona, long revision) {
        return task(persona, revision, Split.HELD_OUT);
    }

    static PersonaTask task(String persona, long revision, Split split) {
        return new PersonaTask(PersonaTask.taskIdFor(persona, split), persona, split, revision,
                List.of(example(persona, "s" + revision)), List.of(example(persona, "q" + revision)), List.of());
    }

    private static ConversationExample example(String persona, String tag) {
        List<String> candidates = List.of("reply of " + persona + " " + tag, "other " + tag);
        return new ConversationExample(ConversationExample.idFor(persona, tag), persona, "d-" + persona, 0,
                List.of("hello " + tag), candidates.get(0), candidates, List.of(), "test");
    }
}
