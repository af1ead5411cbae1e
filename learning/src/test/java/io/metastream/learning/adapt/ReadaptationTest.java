package io.metastream.learning.adapt;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.domain.serde.Json;
import io.metastream.model.weights.PeftAdapter;
import io.metastream.store.ArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadaptationTest {

  @TempDir
  Path dir;
  Path baseA;
  Path baseB;
  String digestA;
  String digestB;
  Path registry;
  List<PersonaTask> tasks;

  @BeforeEach
  void registryOfAdaptersTrainedOnBaseA() throws Exception {
    baseA = PortabilityTest.tinyBase(dir.resolve("baseA"), 7);
    baseB = PortabilityTest.tinyBase(dir.resolve("baseB"), 8);
    digestA = ArtifactStore.digestDirectory(baseA);
    digestB = ArtifactStore.digestDirectory(baseB);
    registry = dir.resolve("registry");
    tasks = ToyPersonas.tasks(20, 3, 8, 6, Split.HELD_OUT, 3);
    PortabilityTest.adaptAndExport(baseA, tasks, PortabilityTest.SMALL, registry);
    for (PersonaTask t : tasks) {
      register(t, true);
    }
  }

  /** registry/<persona>/registration.json, examples in dir/data (outside the registry). */
  void register(PersonaTask t, boolean withQueries) throws IOException {
    Path support = jsonl(dir.resolve("data").resolve(t.personaId() + "-support.jsonl"),
        t.support());
    Path query = jsonl(dir.resolve("data").resolve(t.personaId() + "-query.jsonl"), t.query());
    Path entry = registry.resolve(t.personaId());
    Registry.write(entry, new Registry.Registration(t.personaId(), Registry.relative(entry, support),
        digestA, withQueries ? Registry.relative(entry, query) : null));
  }

  static Path jsonl(Path file, List<ConversationExample> examples) throws IOException {
    Files.createDirectories(file.getParent());
    List<String> lines = new ArrayList<>();
    for (ConversationExample e : examples) {
      lines.add(Json.mapper().writeValueAsString(e));
    }
    return Files.write(file, lines);
  }

  Readaptation.Request request(Path out, int batchPersonas) {
    Map<String, String> o = new HashMap<>(PortabilityTest.SMALL);
    o.put("batch_personas", Integer.toString(batchPersonas));
    o.put("tasks_per_step", "1"); // forward batches as when rescored alone: exact comparisons
    return new Readaptation.Request(registry, baseB, digestB, out, o);
  }

  /** Records what the listener was told. */
  static final class Recorder implements Readaptation.Listener {
    final List<int[]> started = new ArrayList<>();
    final List<Integer> done = new ArrayList<>();
    final List<int[]> batches = new ArrayList<>();

    @Override
    public void batch(int index, int count, int personas) {
      batches.add(new int[] {index, count, personas});
    }

    @Override
    public void started(int toDo, int alreadyDone, int rejected) {
      started.add(new int[] {toDo, alreadyDone, rejected});
    }

    @Override
    public void finished(int d, int toDo, Readaptation.PersonaResult result) {
      done.add(d);
    }
  }

  @Test
  void readaptsEveryPersonaWithItsLineageAndResumesWithoutRedoingFinishedOnes() throws Exception {
    Path out = dir.resolve("out");
    Recorder rec = new Recorder();

    Readaptation.Summary s = Readaptation.run(request(out, 2), rec);

    assertThat(s.readapted()).isEqualTo(3);
    assertThat(s.rejected() + s.failed() + s.alreadyDone()).isZero();
    assertThat(rec.started).singleElement().isEqualTo(new int[] {3, 0, 0});
    assertThat(rec.done).containsExactly(1, 2, 3);
    assertThat(rec.batches).containsExactly(new int[] {1, 2, 2}, new int[] {2, 2, 1});
    for (PersonaTask t : tasks) {
      Path o = out.resolve(t.personaId());
      ArtifactStore.verifyDirectory(o); // complete and sealed
      AdapterLineage l = AdapterLineage.read(o).orElseThrow();
      assertThat(l.personaId()).isEqualTo(t.personaId());
      assertThat(l.newBaseDigest()).isEqualTo(digestB);
      assertThat(l.oldBaseDigest()).isEqualTo(digestA);
      assertThat(l.oldAdapterDigest()).isEqualTo(
          ArtifactStore.digestDirectory(registry.resolve(t.personaId())));
      assertThat(l.examplesDigest()).isEqualTo(PeftAdapter.sha256(
          dir.resolve("data").resolve(t.personaId() + "-support.jsonl")));
      assertThat(l.scoredOn()).isEqualTo(AdapterLineage.ON_QUERY);
      assertThat(l.scoredExamples()).isEqualTo(6);
      assertThat(l.beforeHits1()).isBetween(0.0, 1.0);
      assertThat(l.options()).containsEntry("batch_personas", "2").containsEntry("seed", "1");
      // what was written is what was measured: the new adapter scores its after_hits1 on the new base
      double rescored = Portability.score(baseB, List.of(new Portability.Ported(t, o)),
          PortabilityTest.SMALL).get(0).hits1();
      assertThat(rescored).isEqualTo(l.afterHits1());
      // and the old one, ported unchanged, its before_hits1
      double ported = Portability.score(baseB, List.of(new Portability.Ported(t,
          registry.resolve(t.personaId()))), PortabilityTest.SMALL).get(0).hits1();
      assertThat(ported).isEqualTo(l.beforeHits1());
    }
    // the output is the registry for the next base
    Registry.Contents next = Registry.read(out);
    assertThat(next.rejected()).isEmpty();
    assertThat(next.entries()).extracting(e -> e.registration().baseDigest())
        .containsOnly(digestB);
    assertThat(next.entries().get(0).support()).isEqualTo(tasks.get(0).support());

    String keptLineage = Files.readString(out.resolve(tasks.get(1).personaId()).resolve(
        AdapterLineage.FILE));
    ArtifactStore.deleteDirectory(out.resolve(tasks.get(0).personaId()));
    Files.createDirectories(out.resolve(".staging-" + tasks.get(2).personaId())); // a crash's leftover
    Recorder again = new Recorder();

    Readaptation.Summary resumed = Readaptation.run(request(out, 2), again);

    assertThat(resumed.readapted()).isEqualTo(1);
    assertThat(resumed.alreadyDone()).isEqualTo(2);
    assertThat(again.started).singleElement().isEqualTo(new int[] {1, 2, 0});
    assertThat(resumed.personas()).filteredOn(r -> r.status() == Readaptation.Status.READAPTED)
        .extracting(Readaptation.PersonaResult::name).containsExactly(tasks.get(0).personaId());
    assertThat(Files.readString(out.resolve(tasks.get(1).personaId()).resolve(AdapterLineage.FILE)))
        .isEqualTo(keptLineage);
    assertThat(out.resolve(".staging-" + tasks.get(2).personaId())).doesNotExist();
    ArtifactStore.verifyDirectory(out.resolve(tasks.get(0).personaId()));
  }

  @Test
  void anOutputForAnotherBaseOrAChangedOneIsRedone() throws Exception {
    Path out = dir.resolve("out");
    Readaptation.run(request(out, 16), Readaptation.Listener.NONE);
    Files.writeString(out.resolve(tasks.get(0).personaId()).resolve(PeftAdapter.WEIGHTS), "torn");

    Readaptation.Summary s = Readaptation.run(new Readaptation.Request(registry, baseB, digestB,
        out, Map.of("rank", "2", "lr", "1e-2", "context_len", "12", "candidate_len", "12")),
        Readaptation.Listener.NONE);
    assertThat(s.readapted()).isEqualTo(1);
    assertThat(s.alreadyDone()).isEqualTo(2);

    Readaptation.Summary other = Readaptation.run(new Readaptation.Request(registry, baseA,
        digestA, out, PortabilityTest.SMALL), Readaptation.Listener.NONE);
    assertThat(other.readapted()).isEqualTo(3);
    assertThat(AdapterLineage.read(out.resolve(tasks.get(2).personaId())).orElseThrow().newBaseDigest())
        .isEqualTo(digestA);
  }

  @Test
  void badRegistrationsAreReportedWithAReasonAndSkippedWithoutStoppingTheRun() throws Exception {
    register(tasks.get(0), false); // scored on its support examples
    Files.delete(registry.resolve(tasks.get(1).personaId()).resolve(PeftAdapter.WEIGHTS));
    Files.writeString(registry.resolve(tasks.get(2).personaId()).resolve(Registry.REGISTRATION),
        "{\"persona_id\": \"toy22\", \"examples\": \"x.jsonl\"} trailing");
    PersonaTask noExamples = ToyPersonas.task(30, 8, 6, Split.HELD_OUT, 3);
    PortabilityTest.adaptAndExport(baseA, List.of(noExamples), PortabilityTest.SMALL, registry);
    Path entry = registry.resolve(noExamples.personaId());
    Registry.write(entry, new Registry.Registration(noExamples.personaId(), "../gone.jsonl",
        digestA, null));
    Files.createDirectories(registry.resolve("unregistered"));
    Path out = dir.resolve("out");

    Readaptation.Summary s = Readaptation.run(request(out, 16), Readaptation.Listener.NONE);

    assertThat(s.registered()).isEqualTo(5);
    assertThat(s.readapted()).isEqualTo(1);
    assertThat(s.rejected()).isEqualTo(4);
    Map<String, String> reasons = new HashMap<>();
    s.personas().forEach(r -> reasons.put(r.name(), r.reason()));
    assertThat(reasons.get(tasks.get(1).personaId())).startsWith("bad_adapter")
        .contains(PeftAdapter.WEIGHTS);
    assertThat(reasons.get(tasks.get(2).personaId())).startsWith("bad_registration");
    assertThat(reasons.get(noExamples.personaId())).startsWith("bad_examples")
        .contains("gone.jsonl");
    assertThat(reasons.get("unregistered")).startsWith("no_registration");
    AdapterLineage l = AdapterLineage.read(out.resolve(tasks.get(0).personaId())).orElseThrow();
    assertThat(l.scoredOn()).isEqualTo(AdapterLineage.ON_SUPPORT);
    assertThat(l.scoredExamples()).isEqualTo(8);
    assertThat(out.resolve(tasks.get(1).personaId())).doesNotExist();
  }
  @Test
  void refusesToOverwriteTheRegistryItself() {
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Readaptation.run(
        request(registry, 16), Readaptation.Listener.NONE)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rollback");
  }
}
