package io.metastream.learning.adapt;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.metastream.domain.ConversationExample;
import io.metastream.domain.PersonaTask;
import io.metastream.learning.api.AdaptationRequest;
import io.metastream.learning.api.AdaptationResult;
import io.metastream.learning.api.FewShotEvaluator;
import io.metastream.learning.api.QueryOutcomes;
import io.metastream.learning.stats.Stats;
import io.metastream.model.encoder.Devices;
import io.metastream.model.text.PairTokenizer;
import io.metastream.model.text.TextCodec;
import io.metastream.model.train.AdamW;
import io.metastream.model.train.ExampleBatcher;
import io.metastream.model.train.Learner;
import io.metastream.model.train.LrSchedule;
import io.metastream.model.train.Ranking;
import io.metastream.model.train.Scorer;
import io.metastream.model.train.ScoringModel;
import io.metastream.model.train.TaskExamples;
import io.metastream.model.weights.BaseModel;
import io.metastream.model.weights.PeftAdapter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The few-shot adaptation protocol: the base is frozen; every held-out persona gets a fresh rank-r
 * LoRA on all encoder Linear layers (and the head the scorer needs), all in one bank of the model
 * core; personas are adapted together ({@code tasks_per_step} per forward pass, each with its own
 * batch-of-8 mini-batch, its own AdamW state and its own schedule) on their support examples for a
 * budget of {@code steps} optimizer steps each (epochs follow); query examples are scored after the
 * last step (never a best epoch), and before the first (zero-shot, same fresh adapters). Hits@1
 * among the example's candidates (pessimistic on ties) and MRR, mean and standard
 * error over (persona, seed), and every query's hit before and after adaptation. Deterministic for
 * a seed. Options: {@link AdaptOptions}.
 */
public final class FewShotProtocol implements FewShotEvaluator {

  /** Progress of a run: (done, total) adaptation steps, for progress bars. */
  public interface Progress {
    void step(long done, long total);

    Progress NONE = (d, t) -> { };
  }

  private final Progress progress;

  public FewShotProtocol() {
    this(Progress.NONE);
  }

  public FewShotProtocol(Progress progress) {
    this.progress = progress;
  }

  /** One persona's scores after its last step, under one seed. */
  public record TaskScore(String task, long seed, double hits1, double mrr) {}

  /** The aggregate result and the per-(persona, seed) scores it came from. */
  public record Detailed(AdaptationResult result, List<TaskScore> scores) {
    public Detailed {
      scores = List.copyOf(scores);
    }
  }

  /** One persona's query outcomes: hit of each query example, and the sum of reciprocal ranks. */
  record QueryHits(List<Boolean> hits, double reciprocalRankSum) {
    double hits1() {
      return hits.stream().filter(h -> h).count() / (double) hits.size();
    }

    double mrr() {
      return reciprocalRankSum / hits.size();
    }
  }

  @Override
  public AdaptationResult evaluate(AdaptationRequest request) throws IOException {
    return evaluateDetailed(request).result();
  }

  /**
   * Also writes every task's adapter and head, trained under the first seed, as it is after its last
   * step into {@code adaptersDir/<Registry.directoryName(task id)>} (PEFT layout, {@link AdapterFiles}):
   * the adapters that produced that seed's query outcomes, so a later base can be scored with them.
   */
  @Override
  public AdaptationResult evaluate(AdaptationRequest request, Path adaptersDir) throws IOException {
    return evaluateDetailed(request, adaptersDir).result();
  }

  /** Runs the protocol and keeps every (persona, seed) score. */
  public Detailed evaluateDetailed(AdaptationRequest request) throws IOException {
    return evaluateDetailed(request, null);
  }

  /** The same; when {@code adaptersDir} is not null, also keeps the first seed's adapters there. */
  public Detailed evaluateDetailed(AdaptationRequest request, Path adaptersDir) throws IOException {
    AdaptOptions o = AdaptOptions.parse(request.options());
    List<PersonaTask> tasks = request.tasks();
    for (PersonaTask t : tasks) {
      if (t.query().isEmpty() || t.query().stream().anyMatch(e -> !e.hasCandidates())) {
        throw new IllegalArgumentException("task " + t.taskId() + " needs query examples with "
            + "candidates (hits@1 is measured among them); attach distractors when reading");
      }
    }
    List<TaskScore> all = new ArrayList<>();
    List<QueryOutcomes> outcomes = new ArrayList<>();
    List<Double> zeroShot = new ArrayList<>();
    try (NDManager root = NDManager.newBaseManager(Devices.parse(o.device()))) {
      BaseModel base = BaseModel.loadDirectory(request.baseDir(), root, o.dropout());
      try (PairTokenizer tok = base.tokenizer()) {
        ExampleBatcher batcher = new ExampleBatcher(
            new TextCodec(tok, o.contextLength(), o.candidateLength()), o.scorer().kind(),
            o.negatives());
        Scorer scorer = o.scorer().scorer();
        for (int si = 0; si < request.seeds().size(); si++) {
          long seed = request.seeds().get(si);
          Engine.getInstance().setRandomSeed((int) seed);
          try (NDManager banks = root.newSubManager()) {
            ScoringModel model = ScoringModel.create(base.encoder(), o.lora(), scorer,
                tasks.size(), banks);
            try (Learner learner = learner(model, scorer, o.weightDecay(), banks)) {
              List<QueryHits> before = o.zeroShot() ? queryHits(learner, batcher, tasks, o) : null;
              adapt(learner, batcher, tasks, o, new SplittableRandom(seed), si,
                  request.seeds().size());
              List<QueryHits> after = queryHits(learner, batcher, tasks, o);
              if (si == 0 && adaptersDir != null) {
                keep(model, tasks, adaptersDir, PeftAdapter.Base.of(request.baseDir()), banks);
              }
              for (int t = 0; t < tasks.size(); t++) {
                QueryHits h = after.get(t);
                all.add(new TaskScore(tasks.get(t).taskId(), seed, h.hits1(), h.mrr()));
                outcomes.add(new QueryOutcomes(tasks.get(t).taskId(), seed, h.hits(),
                    before == null ? List.of() : before.get(t).hits()));
                if (before != null) {
                  zeroShot.add(before.get(t).hits1());
                }
              }
            }
          }
        }
      }
    }
    Map<String, List<Double>> perTask = new LinkedHashMap<>();
    all.forEach(x -> perTask.computeIfAbsent(x.task(), k -> new ArrayList<>()).add(x.hits1()));
    Map<String, Double> perTaskMean = new LinkedHashMap<>();
    perTask.forEach((k, v) -> perTaskMean.put(k, Stats.mean(v)));
    List<Double> hits = all.stream().map(TaskScore::hits1).toList();
    List<Double> mrrs = all.stream().map(TaskScore::mrr).toList();
    return new Detailed(new AdaptationResult(Stats.mean(hits), Stats.standardError(hits),
        Stats.mean(mrrs), zeroShot.isEmpty() ? Double.NaN : Stats.mean(zeroShot), perTaskMean,
        outcomes), all);
  }

  private static void keep(ScoringModel model, List<PersonaTask> tasks, Path dir,
      PeftAdapter.Base base, NDManager manager) throws IOException {
    for (int t = 0; t < tasks.size(); t++) {
      AdapterFiles.export(model, t, dir.resolve(Registry.directoryName(tasks.get(t).taskId())), base,
          manager);
    }
  }

  /** The protocol's learner: frozen base, AdamW on the adapters and heads only. */
  static Learner learner(ScoringModel model, Scorer scorer, double weightDecay,
      NDManager manager) {
    return Learner.builder().setModel(model).setScorer(scorer).optTrainBase(false)
        .optOptimizer(AdamW.withDecay((float) weightDecay)).optStopOnNonFinite(false)
        .build(manager);
  }

  /**
   * Trains every task's adapter and head on its support set for {@link AdaptOptions#steps()}
   * optimizer steps each: step k of a task takes mini-batch {@code k mod b} of a pass over its
   * support set ({@code b} mini-batches per pass, reshuffled at each new pass), so the number of
   * epochs follows from the budget; tasks are grouped {@code tasks_per_step} per forward pass; each
   * task has its own schedule over its own steps ({@link AdaptOptions#schedule()}). Returns the mean
   * loss of the last step.
   */
  double adapt(Learner learner, ExampleBatcher batcher, List<PersonaTask> tasks, AdaptOptions o,
      SplittableRandom random, int seedIndex, int seedCount) {
    int n = tasks.size();
    LrSchedule schedule = o.schedule();
    List<List<List<ConversationExample>>> pass = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      pass.add(List.of());
    }
    int groupsPerStep = (n + o.tasksPerStep() - 1) / o.tasksPerStep();
    long totalGroups = (long) o.steps() * groupsPerStep;
    long done = (long) seedIndex * totalGroups;
    double lastLoss = Double.NaN;
    for (int k = 0; k < o.steps(); k++) {
      final long step = k;
      double sum = 0;
      int count = 0;
      for (int t = 0; t < n; t++) { // a new pass over a support set starts with a reshuffle
        List<ConversationExample> support = tasks.get(t).support();
        if (support.isEmpty()) {
          throw new IllegalArgumentException("task " + tasks.get(t).taskId() + " has no support "
              + "examples to adapt on");
        }
        if (k % perPass(support, o) == 0) {
          pass.set(t, Batches.split(Batches.shuffled(support, random), o.batch()));
        }
      }
      List<TaskExamples> parts = new ArrayList<>();
      for (int t = 0; t < n; t++) {
        parts.add(new TaskExamples(t, pass.get(t).get(k % pass.get(t).size())));
        if (parts.size() == o.tasksPerStep() || t == n - 1) {
          sum += batcher.trainStep(learner, parts, 0, s -> schedule.rate(step), random.split());
          count++;
          parts = new ArrayList<>();
          progress.step(Math.min(++done, totalGroups * seedCount), totalGroups * seedCount);
        }
      }
      lastLoss = sum / count;
    }
    return lastLoss;
  }

  private static int perPass(List<ConversationExample> support, AdaptOptions o) {
    return (support.size() + o.batch() - 1) / o.batch();
  }

  /** Per task: the hit of each query example and its reciprocal ranks, scored in task groups. */
  static List<QueryHits> queryHits(Learner learner, ExampleBatcher batcher,
      List<PersonaTask> tasks, AdaptOptions o) {
    List<List<Boolean>> hits = new ArrayList<>();
    double[] rr = new double[tasks.size()];
    for (int t = 0; t < tasks.size(); t++) {
      hits.add(new ArrayList<>());
    }
    List<TaskExamples> parts = new ArrayList<>();
    for (int t = 0; t < tasks.size(); t++) {
      for (List<ConversationExample> chunk : Batches.split(tasks.get(t).query(), o.batch())) {
        parts.add(new TaskExamples(t, chunk));
        if (parts.size() == o.tasksPerStep()) {
          accumulate(learner, batcher, parts, hits, rr);
          parts = new ArrayList<>();
        }
      }
    }
    if (!parts.isEmpty()) {
      accumulate(learner, batcher, parts, hits, rr);
    }
    List<QueryHits> out = new ArrayList<>();
    for (int t = 0; t < tasks.size(); t++) {
      out.add(new QueryHits(hits.get(t), rr[t]));
    }
    return out;
  }

  private static void accumulate(Learner learner, ExampleBatcher batcher,
      List<TaskExamples> parts, List<List<Boolean>> hits, double[] rr) {
    ExampleBatcher.Ranked ranked = batcher.ranking(parts);
    float[][] scores = ranked.perExample(learner.scores(ranked.batch()));
    int row = 0;
    for (TaskExamples p : parts) {
      for (ConversationExample e : p.examples()) {
        int rank = Ranking.rank(scores[row++], ExampleBatcher.candidatesOf(e).indexOf(e.reply()));
        hits.get(p.task()).add(rank == 1);
        rr[p.task()] += 1.0 / rank;
      }
    }
  }
}
