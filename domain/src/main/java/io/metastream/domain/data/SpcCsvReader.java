package io.metastream.domain.data;

import java.io.IOException;
import java.nio.file.Path;

/** Synthetic-Persona-Chat CSV. */
final class SpcCsvReader implements FormatReader {
    @Override
    public void read(Path file, String source, Problems problems, DialogueSink sink) throws IOException {
        throw new UnsupportedOperationException("SPC CSV reader: in progress");
    }
}
