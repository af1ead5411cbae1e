package io.metastream.learning.adapt;

import ai.djl.ndarray.NDManager;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.paired.PortabilityVerdict;
import io.metastream.model.encoder.Devices;
import io.metastream.model.encoder.LinearTarget;
import io.metastream.model.lora.HeadBank;
import io.metastream.model.lora.LoraConfig;
import io.metastream.model.text.PairTokenizer;
import io.metastream.model.text.TextCodec;
import io.metastream.model.train.ExampleBatcher;
import io.metastream.model.train.Learner;
import io.metastream.model.train.ScorerOptions;
import io.metastream.model.train.ScoringModel;
import io.metastream.model.weights.BaseModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Adapters trained on one base, scored AS THEY ARE on another (no training, forward only): does a
 * persona's adapter still work after the base changed? Adapters sharing LoRA settings and head
 * layout go into one adapter bank (one {@link ScoringModel} with a task per persona), so all
 * personas are scored in a few batched forward passes ({@code tasks_per_step} personas each).
 * Options: the few-shot options ({@link AdaptOptions}; the scorer, token caps, batch and device
 * matter here). An adapter that does not load on the candidate (missing or corrupt files, another
 * architecture) is reported with the reason, never stops the others. The per-persona verdict is
 * {@link PortabilityVerdict}'s ({@link Outcome#against}).
 */
public final class Portability {

  /** One persona's adapter to port: its task (the query examples are scored) and its directory. */
  public record Ported(PersonaTask task, Path adapterDir) {
    public Ported {
      if (task.query().isEmpty() || task.query().stream().anyMatch(e -> !e.hasCandidates())) {
        throw new IllegalArgumentException("task " + task.taskId() + " needs query examples with "
            + "candidates (hits@1 is measured among them)");
      }
    }
  }

  /**
   * The ported adapter's hit on each query example, in {@code PersonaTask.query()} order, or why it
   * did not load (then {@code hits} is empty).
   */
  public record Outcome(String taskId, List<Boolean> hits, Optional<String> failure) {
    public Outcome {
      hits = List.copyOf(hits);
    }

    public boolean loaded() {
      return failure.isEmpty();
    }

    /** The verdict's input: these outcomes beside production's (with its own adapter) on the same queries. */
    public PortabilityVerdict.Outcomes against(List<Boolean> production) {
      return new PortabilityVerdict.Outcomes(taskId, production,
          loaded() ? Optional.of(hits) : Optional.empty());
    }

    /** The share of hits; NaN when the adapter did not load. */
    public double hits1() {
      return hits.isEmpty() ? Double.NaN
          : hits.stream().filter(h -> h).count() / (double) hits.size();
    }
  }

  private Portability() {}

  /** Scores every adapter on {@code candidateBase}; one outcome per adapter, in input order. */
  public static List<Outcome> score(Path candidateBase, List<Ported> adapters,
      Map<String, String> options) throws IOException {
    AdaptOptions o = AdaptOptions.parse(options == null ? Map.of() : options);
    try (NDManager root = NDManager.newBaseManager(Devices.parse(o.device()))) {
      BaseModel base = BaseModel.loadDirectory(candidateBase, root, 0f);
      try (PairTokenizer tok = base.tokenizer()) {
        return score(base, tok, adapters, o, root);
      }
    }
  }

  /** The same on a loaded base; banks live in a sub-manager of {@code manager}, freed on return. */
  static List<Outcome> score(BaseModel base, PairTokenizer tok, List<Ported> adapters,
      AdaptOptions o, NDManager manager) {
    Outcome[] out = new Outcome[adapters.size()];
    Map<BankKey, List<Integer>> groups = new LinkedHashMap<>();
    try (NDManager probe = manager.newSubManager()) {
      for (int i = 0; i < adapters.size(); i++) {
        Path dir = adapters.get(i).adapterDir();
        try {
          LoraConfig c = AdapterFiles.config(dir);
          boolean vector = o.scorer().kind() == ScorerOptions.Kind.BI
              && AdapterFiles.headNames(dir, probe).contains(HeadBank.VECTOR);
          groups.computeIfAbsent(new BankKey(c.rank(), c.alpha(), c.targets(), vector),
              k -> new ArrayList<>()).add(i);
        } catch (IOException | RuntimeException e) {
          out[i] = failed(adapters.get(i), e);
        }
      }
    }
    for (var g : groups.entrySet()) {
      scoreBank(base, tok, adapters, g.getKey(), g.getValue(), o, manager, out);
    }
    return Arrays.asList(out);
  }

  /** Adapters with the same rank, alpha, targets and head share one bank. */
  private record BankKey(int rank, float alpha, Set<LinearTarget> targets, boolean vectorHead) {}

  private static void scoreBank(BaseModel base, PairTokenizer tok, List<Ported> adapters,
      BankKey key, List<Integer> members, AdaptOptions o, NDManager manager, Outcome[] out) {
    ScorerOptions so = key.vectorHead() ? o.scorer().withVectorHead() : o.scorer();
    var scorer = so.scorer();
    ExampleBatcher batcher = new ExampleBatcher(new TextCodec(tok, o.contextLength(),
        o.candidateLength()), so.kind(), o.negatives());
    try (NDManager banks = manager.newSubManager()) {
      ScoringModel model = ScoringModel.create(base.encoder(),
          new LoraConfig(key.rank(), key.alpha(), 0f, key.targets()), scorer, members.size(), banks);
      // slot k holds the k-th adapter that loaded: a failed load is overwritten by the next one
      List<Integer> loaded = new ArrayList<>();
      for (int i : members) {
        try {
          AdapterFiles.importInto(model, loaded.size(), adapters.get(i).adapterDir(), banks);
          loaded.add(i);
        } catch (IOException | RuntimeException e) {
          out[i] = failed(adapters.get(i), e);
        }
      }
      if (loaded.isEmpty()) {
        return;
      }
      List<PersonaTask> tasks = loaded.stream().map(i -> adapters.get(i).task()).toList();
      try (Learner learner = FewShotProtocol.learner(model, scorer, o.weightDecay(), banks)) {
        List<FewShotProtocol.QueryHits> hits = FewShotProtocol.queryHits(learner, batcher, tasks, o);
        for (int k = 0; k < loaded.size(); k++) {
          int i = loaded.get(k);
          out[i] = new Outcome(adapters.get(i).task().taskId(), hits.get(k).hits(),
              Optional.empty());
        }
      }
    }
  }

  private static Outcome failed(Ported p, Exception e) {
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new Outcome(p.task().taskId(), List.of(),
        Optional.of("adapter " + p.adapterDir() + " does not load: " + why));
  }
}
