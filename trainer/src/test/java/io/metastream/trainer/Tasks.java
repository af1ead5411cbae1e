package io.metastream.trainer;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import java.util.List;

/** Tiny valid persona tasks for tests. */
final class Tasks {
    private Tasks() {
    }

    static PersonaTask task(String persona, long revision) {
        return task(persona, revision, Split.TRAIN);
    }

    static PersonaTask task(String persona, long revision, Split split) {
        ConversationExample s = example(persona, "s" + revision);
        ConversationExample q = example(persona, "q" + revision);
        return new PersonaTask(PersonaTask.taskIdFor(persona, split), persona, split, revision, List.of(s), List.of(q),
                List.of());
    }

    private static ConversationExample example(String persona, String tag) {
        return new ConversationExample(ConversationExample.idFor(persona, tag), persona, "d-" + persona, 0,
                List.of("hello " + tag), "reply of " + persona + " " + tag, List.of(), List.of(), "test");
    }
}
