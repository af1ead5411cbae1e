package io.metastream.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * The real data files beside the repository ({@code ../shared}), never copied into it. Surefire and
 * failsafe set {@code metastream.shared.dir}; without it the folder is looked up relative to the module
 * directory (tests run in {@code <repo>/<module>}). Tests are skipped only when the folder is absent.
 */
public final class SharedData {

    public static final String PROPERTY = "metastream.shared.dir";
    public static final String CONVAI2_VALID = "convai2_valid_self_original_no_cands.txt";
    public static final String SPC_TEST = "synthetic_persona_chat_test.csv";

    private SharedData() {
    }

    /** The shared folder, which may not exist. */
    public static Path dir() {
        String configured = System.getProperty(PROPERTY);
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "..", "shared");
        // A git worktree sits deeper than the main checkout: look for shared/ beside any parent folder.
        for (Path p = Path.of("").toAbsolutePath(); !Files.isDirectory(dir) && p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("shared"))) {
                dir = p.resolve("shared");
            }
        }
        return dir;
    }

    /** A file of {@code data/persona}; skips the calling test if the shared folder is absent. */
    public static Path personaFile(String name) {
        Path file = dir().resolve("data").resolve("persona").resolve(name);
        Assumptions.assumeTrue(Files.isDirectory(dir()), "shared data folder absent: " + dir().toAbsolutePath());
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("shared folder " + dir().toAbsolutePath() + " exists but lacks " + file);
        }
        return file;
    }
}
