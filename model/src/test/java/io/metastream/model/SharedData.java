package io.metastream.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Reads a few real sentences from the shared ConvAI2 file (skips the test if it is absent). */
public final class SharedData {

  private SharedData() {}

  public static Path convai2() {
    String dir = System.getProperty("metastream.shared.dir", "../shared");
    Path file = Path.of(dir, "data", "persona", "convai2_valid_self_original_no_cands.txt");
    // a git worktree may sit deeper than the main checkout: look in the ancestors' shared/ too
    for (Path dirUp = Path.of("").toAbsolutePath(); dirUp != null && !Files.isRegularFile(file);
        dirUp = dirUp.getParent()) {
      file = dirUp.resolve(Path.of("shared", "data", "persona")).resolve(
          "convai2_valid_self_original_no_cands.txt");
    }
    Assumptions.assumeTrue(Files.isRegularFile(file), "shared data absent: " + file);
    return file;
  }

  /** The first {@code count} queries and replies (alternating), persona lines skipped. */
  public static List<String> sentences(int count) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(convai2(), StandardCharsets.UTF_8)) {
      int space = line.indexOf(' ');
      String body = line.substring(space + 1);
      if (body.startsWith("your persona:") || !body.contains("\t")) {
        continue;
      }
      String[] parts = body.split("\t");
      out.add(parts[0]);
      out.add(parts[1]);
      if (out.size() >= count) {
        return out.subList(0, count);
      }
    }
    return out;
  }
}
