package io.metastream.domain.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real data files beside the repository (never copied into it). */
final class SharedFiles {
    static final String CONVAI2 = "convai2_valid_self_original_no_cands.txt";
    static final String SPC = "synthetic_persona_chat_test.csv";

    private SharedFiles() {
    }

    /** The file, or the test is skipped when the shared data folder is absent on this machine. */
    static Path persona(String name) {
        Path dir = Path.of(System.getProperty("metastream.shared.dir", "../../shared"), "data", "persona");
        // A git worktree sits deeper than the main checkout: look for shared/ beside any parent folder.
        for (Path p = Path.of("").toAbsolutePath(); !Files.isDirectory(dir) && p != null; p = p.getParent()) {
            dir = p.resolve("shared/data/persona");
        }
        Path file = dir.resolve(name);
        assumeTrue(Files.isRegularFile(file), "shared data file not found: " + file);
        return file;
    }
}
