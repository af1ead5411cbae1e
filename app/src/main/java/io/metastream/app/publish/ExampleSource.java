package io.metastream.app.publish;

import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

import io.metastream.domain.ConversationExample;

/** Where a publish run gets its examples: a data file or the synthetic generator. */
public interface ExampleSource {

    /** For messages, e.g. {@code convai2_valid.txt (PARLAI)}. */
    String describe();

    /** Pushes every example, in a stable order, to {@code sink}. */
    void forEach(Consumer<ConversationExample> sink) throws IOException;

    /** Inputs skipped while reading (only under {@code --on-error skip}), counted by reason. */
    Map<String, Long> problems();
}
