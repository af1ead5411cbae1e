package io.metastream.learning.adapt;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.metastream.domain.ConversationExample;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.model.encoder.Devices;
import io.metastream.model.text.PairTokenizer;
import io.metastream.model.text.TextCodec;
import io.metastream.model.train.ExampleBatcher;
import io.metastream.model.train.FlatOptions;
import io.metastream.model.train.Learner;
import io.metastream.model.train.Scorer;
import io.metastream.model.train.ScoringModel;
import io.metastream.model.weights.BaseModel;
import io.metastream.model.weights.PeftAdapter;
import io.metastream.store.ArtifactIntegrityException;
import io.metastream.store.ArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Re-adapts every persona of a {@link Registry} on a new base: fresh adapters trained with the
 * few-shot protocol on each persona's support examples, {@code batch_personas} personas at a time
 * in one adapter bank (their steps batched as the protocol batches them). Each new adapter is
 * written to {@code out/<entry>/} with its {@value Registry#REGISTRATION} (so {@code out} is the
 * registry for the next base) and its {@link AdapterLineage}, atomically (staged, manifest-sealed,
 * fsynced, renamed). Resumable: a persona whose output already verifies and has a lineage for the
 * same new base digest is not redone. Bad registrations are reported with their reason and
 * skipped; a batch that fails is reported and the run goes on with the next.
 *
 * <p>Options: the few-shot options ({@link AdaptOptions}) plus {@code batch_personas} (default
 * {@value #DEFAULT_BATCH_PERSONAS}) and {@code seed} (default 1).
 */
public final class Readaptation {

  public static final int DEFAULT_BATCH_PERSONAS = 16;
  private static final String STAGING_PREFIX = ".staging-";

  /** What to re-adapt where; {@code newBaseDigest} is the base's artifact digest. */
  public record Request(Path registry, Path newBase, String newBaseDigest, Path out,
      Map<String, String> options) {
    public Request {
      options = options == null ? Map.of() : Map.copyOf(options);
    }
  }

  /** What happened to one registry entry. */
  public enum Status { READAPTED, ALREADY_DONE, REJECTED, FAILED }

  /** One entry's outcome: its lineage when re-adapted (or done before), else the reason. */
  public record PersonaResult(String name, Status status, Optional<AdapterLineage> lineage,
      String reason) {}

  /** Every entry's result, in registry order, and the counts. */
  public record Summary(List<PersonaResult> personas, int readapted, int alreadyDone,
      int rejected, int failed) {
    public Summary {
      personas = List.copyOf(personas);
    }

    public int registered() {
      return personas.size();
    }
  }

  /** Progress: entries to do, each batch as it starts, its steps, then each finished entry. */
  public interface Listener {
    void started(int toDo, int alreadyDone, int rejected);

    /** Batch {@code index} (from 1) of {@code batches} starts with {@code personas} personas. */
    default void batch(int index, int batches, int personas) {}

    void finished(int done, int toDo, PersonaResult result);

    default void step(long done, long total) {}

    Listener NONE = new Listener() {
      @Override
      public void started(int toDo, int alreadyDone, int rejected) {}

      @Override
      public void finished(int done, int toDo, PersonaResult result) {}
    };
  }

  private Readaptation() {}

  /** Checks {@code options} without running anything; an IllegalArgumentException names every problem. */
  public static void checkOptions(Map<String, String> options) {
    parse(options);
  }

  private record Parsed(AdaptOptions adapt, int batchPersonas, long seed,
      Map<String, String> recorded) {}

  private static Parsed parse(Map<String, String> options) {
    Map<String, String> rest = new HashMap<>(options);
    Map<String, String> mine = new HashMap<>();
    for (String k : List.of("batch_personas", "seed")) {
      if (rest.containsKey(k)) {
        mine.put(k, rest.remove(k));
      }
    }
    FlatOptions f = new FlatOptions(mine);
    int batchPersonas = f.integer("batch_personas", DEFAULT_BATCH_PERSONAS, 1);
    long seed = f.integer("seed", 1, 0);
    f.check("re-adaptation");
    AdaptOptions o = AdaptOptions.parse(rest);
    Map<String, String> recorded = new TreeMap<>(options);
    recorded.put("batch_personas", Integer.toString(batchPersonas));
    recorded.put("seed", Long.toString(seed));
    return new Parsed(o, batchPersonas, seed, recorded);
  }

  public static Summary run(Request request, Listener listener) throws IOException {
    Parsed p = parse(request.options());
    AdaptOptions o = p.adapt();
    int batchPersonas = p.batchPersonas();

    if (request.out().toAbsolutePath().normalize()
        .equals(request.registry().toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("write the new adapters to another directory than the "
          + "registry: the old adapters are what a rollback to the old base needs");
    }
    Registry.Contents contents = Registry.read(request.registry());
    Files.createDirectories(request.out());
    removeStaging(request.out());
    Map<String, PersonaResult> results = new TreeMap<>();
    for (Registry.Rejected r : contents.rejected()) {
      results.put(r.name(), new PersonaResult(r.name(), Status.REJECTED, Optional.empty(),
          r.problem().name().toLowerCase(java.util.Locale.ROOT) + ": " + r.reason()));
    }
    List<Registry.Entry> toDo = new ArrayList<>();
    for (Registry.Entry e : contents.entries()) {
      Optional<AdapterLineage> done = finished(request.out().resolve(e.name()), request.newBaseDigest());
      if (done.isPresent()) {
        results.put(e.name(), new PersonaResult(e.name(), Status.ALREADY_DONE, done, ""));
      } else {
        toDo.add(e);
      }
    }
    listener.started(toDo.size(), contents.entries().size() - toDo.size(),
        contents.rejected().size());
    int finished = 0;
    if (!toDo.isEmpty()) {
      try (NDManager root = NDManager.newBaseManager(Devices.parse(o.device()))) {
        BaseModel base = BaseModel.loadDirectory(request.newBase(), root, o.dropout());
        try (PairTokenizer tok = base.tokenizer()) {
          Batch batch = new Batch(request, base, tok, o, p.seed(), p.recorded(), listener);
          int batches = (toDo.size() + batchPersonas - 1) / batchPersonas;
          for (int from = 0; from < toDo.size(); from += batchPersonas) {
            List<Registry.Entry> chunk = toDo.subList(from, Math.min(toDo.size(),
                from + batchPersonas));
            listener.batch(from / batchPersonas + 1, batches, chunk.size());
            for (PersonaResult r : batch.run(chunk, root)) {
              results.put(r.name(), r);
              listener.finished(++finished, toDo.size(), r);
            }
          }
        }
      }
    }
    List<PersonaResult> all = List.copyOf(results.values());
    return new Summary(all, count(all, Status.READAPTED), count(all, Status.ALREADY_DONE),
        count(all, Status.REJECTED), count(all, Status.FAILED));
  }

  /** The lineage of a complete output for this base, if there is one. */
  static Optional<AdapterLineage> finished(Path dir, String newBaseDigest) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try {
      ArtifactStore.verifyDirectory(dir);
    } catch (ArtifactIntegrityException e) {
      return Optional.empty();
    }
    return AdapterLineage.read(dir).filter(l -> l.newBaseDigest().equals(newBaseDigest));
  }

  private static void removeStaging(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith(STAGING_PREFIX))
          .toList()) {
        ArtifactStore.deleteDirectory(p);
      }
    }
  }

  private static int count(List<PersonaResult> all, Status s) {
    return (int) all.stream().filter(r -> r.status() == s).count();
  }

  /** One bank of personas: score the old adapters, adapt fresh ones, write them. */
  private record Batch(Request request, BaseModel base, PairTokenizer tok, AdaptOptions o,
      long seed, Map<String, String> recorded, Listener listener) {

    List<PersonaResult> run(List<Registry.Entry> chunk, NDManager root) {
      try {
        return readapt(chunk, root);
      } catch (IOException | RuntimeException e) {
        return chunk.stream().map(en -> new PersonaResult(en.name(), Status.FAILED,
            Optional.<AdapterLineage>empty(), "re-adaptation of its batch failed: " + Registry.reason(e)))
            .toList();
      }
    }

    private List<PersonaResult> readapt(List<Registry.Entry> chunk, NDManager root)
        throws IOException {
      List<PersonaTask> tasks = chunk.stream().map(Readaptation::task).toList();
      List<Portability.Ported> ported = new ArrayList<>();
      List<Integer> portedIndex = new ArrayList<>();
      for (int t = 0; t < tasks.size(); t++) {
        if (!tasks.get(t).query().isEmpty()) {
          ported.add(new Portability.Ported(tasks.get(t), chunk.get(t).dir()));
          portedIndex.add(t);
        }
      }
      Portability.Outcome[] before = new Portability.Outcome[tasks.size()];
      List<Portability.Outcome> scored = Portability.score(base, tok, ported, o, root);
      for (int k = 0; k < scored.size(); k++) {
        before[portedIndex.get(k)] = scored.get(k);
      }
      Engine.getInstance().setRandomSeed((int) seed);
      Scorer scorer = o.scorer().scorer();
      ExampleBatcher batcher = new ExampleBatcher(new TextCodec(tok, o.contextLength(),
          o.candidateLength()), o.scorer().kind(), o.negatives());
      List<PersonaResult> out = new ArrayList<>();
      try (NDManager banks = root.newSubManager()) {
        ScoringModel model = ScoringModel.create(base.encoder(), o.lora(), scorer, tasks.size(),
            banks);
        List<FewShotProtocol.QueryHits> after;
        try (Learner learner = FewShotProtocol.learner(model, scorer, o.weightDecay(), banks)) {
          new FewShotProtocol(listener::step).adapt(learner, batcher, tasks, o,
              new SplittableRandom(seed), 0, 1);
          after = FewShotProtocol.queryHits(learner, batcher, tasks, o);
        }
        PeftAdapter.Base newBase = PeftAdapter.Base.of(request.newBase());
        for (int t = 0; t < tasks.size(); t++) {
          try {
            out.add(write(chunk.get(t), model, t, newBase, before[t], after.get(t), banks));
          } catch (IOException | RuntimeException e) {
            out.add(new PersonaResult(chunk.get(t).name(), Status.FAILED, Optional.empty(),
                "writing its new adapter failed: " + Registry.reason(e)));
          }
        }
      }
      return out;
    }

    private PersonaResult write(Registry.Entry e, ScoringModel model, int task,
        PeftAdapter.Base newBase, Portability.Outcome before, FewShotProtocol.QueryHits after,
        NDManager manager) throws IOException {
      Path target = request.out().resolve(e.name());
      Path staged = request.out().resolve(STAGING_PREFIX + e.name());
      ArtifactStore.deleteDirectory(staged);
      AdapterFiles.export(model, task, staged, newBase, manager);
      Registry.Registration old = e.registration();
      Registry.write(staged, new Registry.Registration(old.personaId(),
          Registry.relative(target, e.examplesFile()), request.newBaseDigest(),
          e.queryFile().map(q -> Registry.relative(target, q)).orElse(null)));
      boolean scoredAny = !after.hits().isEmpty();
      String scoredOn = !scoredAny ? AdapterLineage.ON_NONE
          : e.queries().isEmpty() ? AdapterLineage.ON_SUPPORT : AdapterLineage.ON_QUERY;
      Double beforeHits = before != null && before.loaded() ? before.hits1() : null;
      String beforeNote = before == null ? "no examples with candidates to score on"
          : before.failure().map(f -> "the old adapter does not load on the new base: " + f)
              .orElse(null);
      AdapterLineage lineage = new AdapterLineage(old.personaId(), ArtifactStore.digestDirectory(e.dir()),
          old.baseDigest(), request.newBaseDigest(), PeftAdapter.sha256(e.examplesFile()),
          e.queryFile().isPresent() ? PeftAdapter.sha256(e.queryFile().get()) : null, scoredOn,
          after.hits().size(), beforeHits, beforeNote, scoredAny ? after.hits1() : null,
          recorded);
      lineage.write(staged);
      ArtifactStore.commitDirectory(staged, target);
      return new PersonaResult(e.name(), Status.READAPTED, Optional.of(lineage), "");
    }
  }

  /**
   * The entry's few-shot task: support to adapt on, and what to score before and after (the
   * held-out query examples, else the support examples), only examples with candidates. Support
   * examples scored as queries are copies under another id: a task's support and query are
   * disjoint by id.
   */
  static PersonaTask task(Registry.Entry e) {
    List<ConversationExample> scored = e.queries().isEmpty()
        ? e.support().stream().map(Readaptation::asQuery).toList() : e.queries();
    return new PersonaTask(PersonaTask.taskIdFor(e.registration().personaId(), Split.HELD_OUT),
        e.registration().personaId(), Split.HELD_OUT, 0, e.support(),
        scored.stream().filter(ConversationExample::hasCandidates).toList(), List.of());
  }

  private static ConversationExample asQuery(ConversationExample x) {
    return new ConversationExample(x.exampleId() + "~scored", x.personaId(), x.dialogueId(),
        x.turn(), x.context(), x.reply(), x.candidates(), x.personaFacts(), x.source(),
        x.droppedTurns());
  }
}
