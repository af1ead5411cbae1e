package io.metastream.learning.adapt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.metastream.domain.Checks;
import io.metastream.domain.ConversationExample;
import io.metastream.domain.serde.Json;
import io.metastream.model.weights.PeftAdapter;
import io.metastream.model.weights.Safetensors;
import io.metastream.store.ArtifactStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A registry of users' persona adapters: a directory with one subdirectory per persona, each a PEFT
 * adapter ({@value PeftAdapter#CONFIG}, {@value PeftAdapter#WEIGHTS}, optionally the head file)
 * plus {@value #REGISTRATION}: {@code persona_id}, {@code examples} (the support examples, JSONL of
 * ConversationExample or any supported data file, a path relative to the registration),
 * {@code base_digest} (artifact digest of the base the adapter was trained on) and optionally
 * {@code query_examples} (held-out examples to measure the persona on). Directories whose names
 * start with a dot are not entries (staging). A subdirectory that is not a usable entry is
 * rejected with a reason, never stops the reading of the others. Re-adaptation's output directory
 * has the same layout, so it is the registry for the next base.
 */
public final class Registry {

  public static final String REGISTRATION = "registration.json";

  /** What {@value #REGISTRATION} holds; paths are relative to the directory it is in. */
  public record Registration(@JsonProperty("persona_id") String personaId,
      @JsonProperty("examples") String examples,
      @JsonProperty("base_digest") String baseDigest,
      @JsonProperty("query_examples") @JsonInclude(JsonInclude.Include.NON_NULL)
      String queryExamples) {
    public Registration {
      Checks.identifier(personaId, "persona_id");
      Checks.text(examples, "examples");
      Checks.sha256(baseDigest, "base_digest");
      if (queryExamples != null) {
        Checks.text(queryExamples, "query_examples");
      }
    }
  }

  /** Why a subdirectory is not a usable entry (bounded: usable as a metric tag). */
  public enum Problem { NO_REGISTRATION, BAD_REGISTRATION, BAD_ADAPTER, BAD_EXAMPLES, NO_EXAMPLES }

  /** A rejected subdirectory and the reason. */
  public record Rejected(String name, Problem problem, String reason) {}

  /**
   * A usable entry: the persona's support examples and held-out query examples (empty when the
   * registration names none), read and filtered to the persona.
   */
  public record Entry(String name, Path dir, Registration registration, Path examplesFile,
      List<ConversationExample> support, Optional<Path> queryFile,
      List<ConversationExample> queries) {
    public Entry {
      support = List.copyOf(support);
      queries = List.copyOf(queries);
    }
  }

  /** The registry's entries and rejections, both sorted by subdirectory name. */
  public record Contents(List<Entry> entries, List<Rejected> rejected) {
    public Contents {
      entries = List.copyOf(entries);
      rejected = List.copyOf(rejected);
    }
  }

  private static final class Rejection extends Exception {
    final Problem problem;

    Rejection(Problem problem, String message) {
      super(message);
      this.problem = problem;
    }
  }

  private Registry() {}

  /** Reads every entry of {@code registry}; fails only when the directory itself is unreadable. */
  public static Contents read(Path registry) throws IOException {
    if (!Files.isDirectory(registry)) {
      throw new IOException("no registry directory " + registry);
    }
    List<Path> dirs;
    try (Stream<Path> s = Files.list(registry)) {
      dirs = s.filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
    List<Entry> entries = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    // registrations often share one examples file (a data set of many personas): read it once
    Map<Path, List<ConversationExample>> files = new HashMap<>();
    for (Path dir : dirs) {
      try {
        entries.add(entry(dir, files));
      } catch (Rejection r) {
        rejected.add(new Rejected(dir.getFileName().toString(), r.problem, r.getMessage()));
      }
    }
    return new Contents(entries, rejected);
  }

  private static Entry entry(Path dir, Map<Path, List<ConversationExample>> files)
      throws Rejection {
    Path file = dir.resolve(REGISTRATION);
    if (!Files.isRegularFile(file)) {
      throw new Rejection(Problem.NO_REGISTRATION, "no " + REGISTRATION + " in " + dir);
    }
    Registration reg;
    try {
      reg = Json.mapper().readValue(Files.readString(file, StandardCharsets.UTF_8),
          Registration.class);
    } catch (IOException | RuntimeException e) {
      throw new Rejection(Problem.BAD_REGISTRATION, file + " is not a valid registration: "
          + reason(e));
    }
    checkAdapter(dir);
    Path examples = dir.resolve(reg.examples()).normalize();
    List<ConversationExample> support = examplesOf(examples, reg.personaId(), "examples",
        files);
    if (support.isEmpty()) {
      throw new Rejection(Problem.NO_EXAMPLES, examples + " holds no example of persona "
          + reg.personaId());
    }
    Optional<Path> queryFile = Optional.ofNullable(reg.queryExamples())
        .map(q -> dir.resolve(q).normalize());
    List<ConversationExample> queries = queryFile.isEmpty() ? List.of()
        : examplesOf(queryFile.get(), reg.personaId(), "query_examples", files);
    java.util.Set<String> ids = new java.util.HashSet<>();
    support.forEach(e -> ids.add(e.exampleId()));
    for (ConversationExample q : queries) {
      if (!ids.add(q.exampleId())) {
        throw new Rejection(Problem.BAD_EXAMPLES, "query example " + q.exampleId()
            + " is also a support example (or appears twice): held-out queries must be disjoint");
      }
    }
    return new Entry(dir.getFileName().toString(), dir, reg, examples, support, queryFile,
        queries);
  }

  /** Present and readable: the manifest (when there is one) verifies, the tensor files parse. */
  private static void checkAdapter(Path dir) throws Rejection {
    try {
      if (Files.exists(dir.resolve("MANIFEST.sha256"))) {
        ArtifactStore.verifyDirectory(dir);
      }
      AdapterFiles.config(dir);
      Safetensors.names(dir.resolve(PeftAdapter.WEIGHTS));
      if (Files.exists(dir.resolve(PeftAdapter.HEAD_FILE))) {
        Safetensors.names(dir.resolve(PeftAdapter.HEAD_FILE));
      }
    } catch (IOException | RuntimeException e) { // ArtifactIntegrityException too
      throw new Rejection(Problem.BAD_ADAPTER, "adapter in " + dir + " is missing or corrupt: "
          + reason(e));
    }
  }

  private static List<ConversationExample> examplesOf(Path file, String persona, String field,
      Map<Path, List<ConversationExample>> files) throws Rejection {
    if (!Files.isRegularFile(file)) {
      throw new Rejection(Problem.BAD_EXAMPLES, field + " file " + file + " not found");
    }
    try {
      List<ConversationExample> all = files.get(file);
      if (all == null) {
        all = AdaptCommandCore.readExamples(file);
        files.put(file, all);
      }
      return all.stream().filter(e -> e.personaId().equals(persona)).toList();
    } catch (IOException | RuntimeException e) {
      throw new Rejection(Problem.BAD_EXAMPLES, field + " file " + file + " is unreadable: "
          + reason(e));
    }
  }

  /**
   * Registers a persona adapter (as {@code metastream adapt} writes it) in {@code registry}: copies
   * its PEFT files into {@code registry/<persona>/} with a {@value #REGISTRATION} whose paths point
   * at {@code examples} (and {@code queries}) where they are, sealed like every output. The
   * persona is {@code personaId}, else the only persona of the examples file.
   *
   * @throws IllegalArgumentException for a persona the examples do not hold, an ambiguous file, or
   *     an existing registration when {@code replace} is false
   */
  public static Path register(Path registry, Path adapterDir, Path examples,
      Optional<Path> queries, String personaId, String baseDigest, boolean replace)
      throws IOException {
    List<ConversationExample> all = AdaptCommandCore.readExamples(examples);
    List<String> personas = all.stream().map(ConversationExample::personaId).distinct().toList();
    String persona = personaId;
    if (persona == null) {
      if (personas.size() != 1) {
        throw new IllegalArgumentException(examples + " holds " + personas.size()
            + " personas: name the one this adapter is for");
      }
      persona = personas.get(0);
    } else if (!personas.contains(persona)) {
      throw new IllegalArgumentException(examples + " holds no example of persona " + persona);
    }
    String name = directoryName(persona);
    Path target = registry.resolve(name);
    if (Files.exists(target) && !replace) {
      throw new IllegalArgumentException("persona " + persona + " is already registered in "
          + target + ": replace it explicitly");
    }
    Files.createDirectories(registry);
    Path staged = registry.resolve(".staging-" + name);
    ArtifactStore.deleteDirectory(staged);
    Files.createDirectories(staged);
    for (String f : List.of(PeftAdapter.CONFIG, PeftAdapter.WEIGHTS, PeftAdapter.HEAD_FILE)) {
      if (Files.exists(adapterDir.resolve(f)) || !f.equals(PeftAdapter.HEAD_FILE)) {
        Files.copy(adapterDir.resolve(f), staged.resolve(f));
      }
    }
    write(staged, new Registration(persona, relative(target, examples), baseDigest,
        queries.map(q -> relative(target, q)).orElse(null)));
    ArtifactStore.commitDirectory(staged, target);
    return target;
  }

  /** An exception's message on one line, for a rejection reason. */
  static String reason(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** Writes {@value #REGISTRATION} into {@code dir}. */
  public static void write(Path dir, Registration registration) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(REGISTRATION), Json.mapper().writerWithDefaultPrettyPrinter()
        .writeValueAsBytes(registration));
  }

  /** {@code target} relative to directory {@code from} (both made absolute first). */
  public static String relative(Path from, Path target) {
    return from.toAbsolutePath().normalize().relativize(target.toAbsolutePath().normalize())
        .toString().replace(from.getFileSystem().getSeparator(), "/");
  }

  /**
   * A directory name for a persona id: the id itself when it is made of letters, digits, '.', '_'
   * and '-' only (and does not start with '.'); otherwise a sanitized form plus a short hash of the
   * id, so two ids never share a directory.
   */
  public static String directoryName(String personaId) {
    if (personaId.matches("[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,99}")) {
      return personaId;
    }
    String safe = personaId.replaceAll("[^A-Za-z0-9._~-]", "_").replaceFirst("^\\.", "_");
    byte[] id = personaId.getBytes(StandardCharsets.UTF_8);
    String hash;
    try {
      hash = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(id)).substring(0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM lacks SHA-256", e);
    }
    return safe.substring(0, Math.min(safe.length(), 80)) + "-" + hash;
  }
}
