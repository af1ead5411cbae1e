package io.metastream.domain.data;

import io.metastream.domain.ConversationExample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small helpers for tests that write a data file and read it back. */
final class TempFiles {
    private TempFiles() {
    }

    static Path write(Path dir, String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    static List<ConversationExample> examples(PersonaData data) throws IOException {
        List<ConversationExample> out = new ArrayList<>();
        data.forEach(out::add);
        return out;
    }

    static ReadOptions skip() {
        return ReadOptions.defaults().withOnError(OnError.SKIP);
    }
}
