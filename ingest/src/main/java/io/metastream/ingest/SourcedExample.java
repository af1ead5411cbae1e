package io.metastream.ingest;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.OffsetRange;
import java.util.Objects;

/**
 * A valid example with the conversations-topic offset it was read from. The offset is captured before
 * re-keying, since after the repartition topic the record metadata names that topic instead.
 */
public record SourcedExample(ConversationExample example, OffsetRange source) {
    public SourcedExample {
        Objects.requireNonNull(example, "example");
        Objects.requireNonNull(source, "source");
    }
}
