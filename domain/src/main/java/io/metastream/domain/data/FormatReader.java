package io.metastream.domain.data;

import java.io.IOException;
import java.nio.file.Path;

/** Streams one file format into a {@link DialogueSink}; must emit the same sequence on every call. */
interface FormatReader {
    void read(Path file, String source, Problems problems, DialogueSink sink) throws IOException;

    static FormatReader of(DataFormat format) {
        return switch (format) {
            case PARLAI -> new ParlaiReader();
            case HF_JSON -> new HfJsonReader();
            case SPC_CSV -> new SpcCsvReader();
        };
    }
}
