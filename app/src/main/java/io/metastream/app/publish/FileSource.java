package io.metastream.app.publish;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.data.PersonaData;
import io.metastream.domain.data.Problem;
import io.metastream.domain.data.ReadOptions;

/** Examples of a ParlAI, Hugging Face JSON or Synthetic-Persona-Chat CSV file (format detected). */
public final class FileSource implements ExampleSource {

    private final PersonaData data;

    private FileSource(PersonaData data) {
        this.data = data;
    }

    /** Detects the format and resolves persona identity (a first pass over the file). */
    public static FileSource open(Path file, ReadOptions options) throws IOException {
        return new FileSource(PersonaData.open(file, options));
    }

    @Override
    public String describe() {
        return data.file().getFileName() + " (" + data.format() + ", " + data.personas() + " personas)";
    }

    @Override
    public void forEach(Consumer<ConversationExample> sink) throws IOException {
        data.forEach(sink);
    }

    @Override
    public Map<String, Long> problems() {
        Map<String, Long> byReason = new TreeMap<>();
        for (Problem p : data.problems()) {
            byReason.merge(p.reason(), 1L, Long::sum);
        }
        return byReason;
    }
}
