package io.metastream.app.bench;

import ai.djl.ndarray.NDManager;
import io.metastream.domain.ConversationExample;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.domain.serde.Json;
import io.metastream.learning.adapt.AdaptCommandCore;
import io.metastream.learning.adapt.AdaptOptions;
import io.metastream.learning.adapt.AdapterFiles;
import io.metastream.learning.adapt.Readaptation;
import io.metastream.learning.adapt.Registry;
import io.metastream.learning.tasks.PersonaTasks;
import io.metastream.model.bench.ModelBenchmark;
import io.metastream.model.train.ScoringModel;
import io.metastream.model.weights.BaseModel;
import io.metastream.model.weights.PeftAdapter;
import io.metastream.store.ArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Personas re-adapted per minute by {@link Readaptation} (the code {@code metastream readapt} runs:
 * old adapter ported and scored, fresh adapter trained, new adapter written with its lineage) for
 * several {@code batch_personas} values, e.g. 16 (one adapter bank for 16 personas) against 1 (one
 * persona at a time), in one run on one registry, runs interleaved so load drifts hit every
 * configuration alike; medians over the repeats. The registry's old adapters are untrained (B = 0)
 * adapters of the same base: porting them costs what porting any adapter costs. A measurement,
 * never a test.
 */
public final class ReadaptBenchmark {

  /** What to run; {@code fewShot} are the few-shot options (e.g. rank, steps). */
  public record Options(String model, Path data, int personas, int support, int query,
      List<Integer> batchPersonas, int repeat, Map<String, String> fewShot) {
    public Options {
      if (personas < 1 || support < 1 || query < 1 || repeat < 1 || batchPersonas.isEmpty()
          || batchPersonas.stream().anyMatch(b -> b < 1)) {
        throw new IllegalArgumentException("need personas, support, query, repeat and every "
            + "batch_personas >= 1");
      }
      batchPersonas = List.copyOf(batchPersonas);
      fewShot = Map.copyOf(fewShot);
    }
  }

  /** One configuration: median wall seconds of a full re-adaptation and personas per minute. */
  public record Config(int batchPersonas, double medianSeconds, double personasPerMinute,
      List<Double> seconds) {}

  /** The run: every configuration, the speed-up of each against the first, and the load. */
  public record Result(String model, int personas, int support, int query, List<Config> configs,
      Map<String, Double> speedupOverFirst, String loadBefore, String loadAfter,
      Map<String, String> fewShot) {
    /** One JSON object, keys as in the other benchmarks' output (snake case). */
    public String json() throws IOException {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("benchmark", "readapt");
      m.put("model", model);
      m.put("personas", personas);
      m.put("support", support);
      m.put("query", query);
      m.put("configs", configs.stream().map(c -> {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("batch_personas", c.batchPersonas());
        x.put("personas_per_minute", c.personasPerMinute());
        x.put("median_seconds", c.medianSeconds());
        x.put("seconds", c.seconds());
        return x;
      }).toList());
      m.put("speedup_over_first", speedupOverFirst);
      m.put("load_before", loadBefore);
      m.put("load_after", loadAfter);
      m.put("few_shot_options", new java.util.TreeMap<>(fewShot));
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(m);
    }
  }

  private ReadaptBenchmark() {}

  public static Result run(Options o, Path work) throws IOException {
    AdaptOptions.parse(o.fewShot()); // fail before any work on a bad option
    String loadBefore = ModelBenchmark.load();
    List<PersonaTask> tasks = PersonaTasks.split(PersonaTasks.ofLargestPersonas(
        AdaptCommandCore.readExamples(o.data()), o.personas()), Split.HELD_OUT, o.support(),
        o.query(), 1);
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException(o.data() + " has no persona with " + o.support()
          + " support examples and a query example left");
    }
    Path base = work.resolve("base");
    try (NDManager m = NDManager.newBaseManager()) {
      BaseModel.load(o.model(), m, 1, null).export(base);
    }
    String digest = ArtifactStore.digestDirectory(base);
    Path registry = work.resolve("registry");
    writeRegistry(tasks, base, digest, registry, work.resolve("data"), o.fewShot());
    Map<Integer, List<Double>> seconds = new LinkedHashMap<>();
    for (int r = 0; r < o.repeat(); r++) {
      for (int b : o.batchPersonas()) {
        Map<String, String> opts = new HashMap<>(o.fewShot());
        opts.put("batch_personas", Integer.toString(b));
        Path out = work.resolve("out-" + b + "-" + r);
        long t0 = System.nanoTime();
        Readaptation.Summary s = Readaptation.run(new Readaptation.Request(registry, base, digest,
            out, opts), Readaptation.Listener.NONE);
        double sec = (System.nanoTime() - t0) / 1e9;
        if (s.readapted() != tasks.size()) {
          throw new IllegalStateException("batch_personas=" + b + " re-adapted " + s.readapted()
              + " of " + tasks.size() + " personas: " + s.personas());
        }
        seconds.computeIfAbsent(b, k -> new ArrayList<>()).add(sec);
        ArtifactStore.deleteDirectory(out);
      }
    }
    List<Config> configs = new ArrayList<>();
    seconds.forEach((b, list) -> {
      double med = median(list);
      configs.add(new Config(b, med, tasks.size() / (med / 60), list));
    });
    Map<String, Double> speedup = new LinkedHashMap<>();
    for (Config c : configs) {
      speedup.put("batch_personas=" + c.batchPersonas(),
          c.personasPerMinute() / configs.get(0).personasPerMinute());
    }
    return new Result(o.model(), tasks.size(), o.support(), o.query(), configs, speedup,
        loadBefore, ModelBenchmark.load(), o.fewShot());
  }

  /** One entry per persona: an untrained adapter of {@code base}, its examples in {@code data}. */
  private static void writeRegistry(List<PersonaTask> tasks, Path base, String digest,
      Path registry, Path data, Map<String, String> fewShot) throws IOException {
    AdaptOptions a = AdaptOptions.parse(fewShot);
    Files.createDirectories(data);
    try (NDManager m = NDManager.newBaseManager()) {
      BaseModel b = BaseModel.loadDirectory(base, m, 0f);
      ScoringModel model = ScoringModel.create(b.encoder(), a.lora(), a.scorer().scorer(), 1, m);
      for (PersonaTask t : tasks) {
        String name = Registry.directoryName(t.personaId());
        Path entry = registry.resolve(name);
        AdapterFiles.export(model, 0, entry, PeftAdapter.Base.of(base), m);
        Path support = jsonl(data.resolve(name + "-support.jsonl"), t.support());
        Path query = jsonl(data.resolve(name + "-query.jsonl"), t.query());
        Registry.write(entry, new Registry.Registration(t.personaId(),
            Registry.relative(entry, support), digest, Registry.relative(entry, query)));
      }
    }
  }

  private static Path jsonl(Path file, List<ConversationExample> examples) throws IOException {
    List<String> lines = new ArrayList<>();
    for (ConversationExample e : examples) {
      lines.add(Json.mapper().writeValueAsString(e));
    }
    return Files.write(file, lines);
  }

  private static double median(List<Double> v) {
    List<Double> s = v.stream().sorted().toList();
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
