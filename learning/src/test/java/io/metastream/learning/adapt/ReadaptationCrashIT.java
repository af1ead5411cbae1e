package io.metastream.learning.adapt;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.store.ArtifactStore;
import io.metastream.testkit.TestWaits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A re-adaptation killed with SIGKILL mid-run (a child JVM, {@code destroyForcibly}) resumes
 * without redoing the personas it finished, and leaves no half-written output behind.
 */
class ReadaptationCrashIT {

  /** Many personas with many support examples: the kill lands mid-run. */
  static final int PERSONAS = 5;

  @TempDir
  Path dir;

  static Map<String, String> options(int batchPersonas) {
    Map<String, String> o = new HashMap<>(PortabilityTest.SMALL);
    o.put("batch_personas", Integer.toString(batchPersonas));
    return o;
  }

  /** The child: re-adapts args[0] (registry) on args[1] (base, digest args[2]) into args[3]. */
  public static void main(String[] args) throws Exception {
    Readaptation.run(new Readaptation.Request(Path.of(args[0]), Path.of(args[1]), args[2],
        Path.of(args[3]), options(1)), Readaptation.Listener.NONE);
  }

  static long finished(Path out) {
    if (!Files.isDirectory(out)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).count();
    } catch (IOException e) {
      return 0;
    }
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aKilledRunResumesWithoutRedoingFinishedPersonas() throws Exception {
    Path baseA = PortabilityTest.tinyBase(dir.resolve("baseA"), 7);
    Path baseB = PortabilityTest.tinyBase(dir.resolve("baseB"), 8);
    String digestB = ArtifactStore.digestDirectory(baseB);
    Path registry = dir.resolve("registry");
    List<PersonaTask> tasks = ToyPersonas.tasks(20, PERSONAS, 24, 6, Split.HELD_OUT, 3);
    PortabilityTest.adaptAndExport(baseA, tasks, PortabilityTest.SMALL, registry);
    for (PersonaTask t : tasks) {
      Path support = ReadaptationTest.jsonl(dir.resolve("data").resolve(t.personaId() + ".jsonl"),
          t.support());
      Registry.write(registry.resolve(t.personaId()), new Registry.Registration(t.personaId(),
          Registry.relative(registry.resolve(t.personaId()), support),
          ArtifactStore.digestDirectory(baseA), null));
    }
    Path out = dir.resolve("out");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
        "-cp", System.getProperty("java.class.path"), ReadaptationCrashIT.class.getName(),
        registry.toString(), baseB.toString(), digestB, out.toString()));
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile()).start();
    try {
      TestWaits.waitUntil(Duration.ofMinutes(3), () -> finished(out) >= 2 || !child.isAlive(),
          "the child finishes two personas");
    } finally {
      child.destroyForcibly().waitFor();
    }
    long before = finished(out);
    assertThat(before).as("killed before the end: " + Files.readString(dir.resolve("child.log")))
        .isBetween(2L, PERSONAS - 1L);

    Readaptation.Summary s = Readaptation.run(new Readaptation.Request(registry, baseB, digestB,
        out, options(1)), Readaptation.Listener.NONE);

    assertThat(s.alreadyDone()).isEqualTo((int) before);
    assertThat(s.readapted()).isEqualTo(PERSONAS - before);
    for (PersonaTask t : tasks) {
      ArtifactStore.verifyDirectory(out.resolve(t.personaId()));
      assertThat(AdapterLineage.read(out.resolve(t.personaId())).orElseThrow().newBaseDigest())
          .isEqualTo(digestB);
    }
    try (Stream<Path> s2 = Files.list(out)) {
      assertThat(s2.filter(p -> p.getFileName().toString().startsWith("."))).isEmpty();
    }
  }
}
