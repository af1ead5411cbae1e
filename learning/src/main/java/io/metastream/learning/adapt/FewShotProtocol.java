package io.metastream.learning.adapt;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.metastream.domain.ConversationExample;
import io.metastream.domain.PersonaTask;
import io.metastream.learning.api.AdaptationRequest;
import io.metastream.learning.api.AdaptationResult;
import io.metastream.learning.api.FewShotEvaluator;
import io.metastream.learning.api.QueryOutcomes;
import io.metastream.learning.schedule.LrSchedule;
import io.metastream.learning.stats.Stats;
import io.metastream.model.text.PairTokenizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The few-shot adaptation protocol: the base is frozen; every held-out persona gets a fresh rank-r
 * LoRA on all encoder Linear layers and a fresh head, all in one {@link TaskBank}; personas are
 * adapted together ({@code tasks_per_step} per forward pass, each with its own batch-of-8 mini-batch,
 * its own AdamW state and its own warm-up/linear-decay schedule) on their support examples for E
 * epochs; query examples are scored after the last epoch (never a best epoch). Hits@1 among the
 * example's candidates (pessimistic on ties) and MRR, mean and standard error over (persona, seed).
 * Deterministic for a seed. Options: {@link AdaptOptions}.
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

  /** One persona's last-epoch scores under one seed. */
  public record TaskScore(String task, long seed, double hits1, double mrr) {}

  /** The aggregate result and the per-(persona, seed) scores it came from. */
  public record Detailed(AdaptationResult result, List<TaskScore> scores) {
    public Detailed {
      scores = List.copyOf(scores);
    }
  }

  @Override
  public AdaptationResult evaluate(AdaptationRequest request) throws IOException {
    return evaluateDetailed(request).result();
  }

  /** Runs the protocol and keeps every (persona, seed) score. */
  public Detailed evaluateDetailed(AdaptationRequest request) throws IOException {
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
    List<Double> zeroShots = new ArrayList<>();
    try (NDManager root = NDManager.newBaseManager()) {
      BaseModel base = BaseModel.loadDirectory(request.baseDir(), root, o.dropout());
      try (PairTokenizer tok = base.tokenizer()) {
        TextCodec codec = new TextCodec(tok, o.contextLength(), o.candidateLength());
        Scorer scorer = new Scorer(o.scorer(), codec, o.negatives());
        for (int si = 0; si < request.seeds().size(); si++) {
          long seed = request.seeds().get(si);
          Engine.getInstance().setRandomSeed((int) seed);
          try (NDManager states = root.newSubManager();
              TaskBank bank = new TaskBank(root, base.config(), o.rank(), o.alpha(),
                  o.loraDropout(), scorer.headKind(), tasks.size(), seed)) {
            StepRunner runner = new StepRunner(root, base.encoder(), bank, scorer,
                new AdamW(states, o.weightDecay()), false);
            // Zero-shot per seed: the same seed's fresh adapters and heads, so outcomes pair up.
            List<List<Boolean>> zeroHits = new ArrayList<>();
            if (o.zeroShot()) {
              queryScores(runner, tasks, o, zeroHits).forEach(s -> zeroShots.add(s[0]));
            }
            adapt(runner, tasks, o, new SplittableRandom(seed), si, request.seeds().size());
            List<List<Boolean>> hits = new ArrayList<>();
            List<double[]> scores = queryScores(runner, tasks, o, hits);
            for (int t = 0; t < tasks.size(); t++) {
              all.add(new TaskScore(tasks.get(t).taskId(), seed, scores.get(t)[0],
                  scores.get(t)[1]));
              outcomes.add(new QueryOutcomes(tasks.get(t).taskId(), seed, hits.get(t),
                  zeroHits.isEmpty() ? List.of() : zeroHits.get(t)));
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
    double zeroShot = zeroShots.isEmpty() ? Double.NaN : Stats.mean(zeroShots);
    return new Detailed(new AdaptationResult(Stats.mean(hits), Stats.standardError(hits),
        Stats.mean(mrrs), zeroShot, perTaskMean, outcomes), all);
  }

  /**
   * Trains every task's slot on its support set: E epochs, tasks grouped per step; returns the
   * last epoch's mean step loss.
   */
  double adapt(StepRunner runner, List<PersonaTask> tasks, AdaptOptions o,
      SplittableRandom random, int seedIndex, int seedCount) {
    int n = tasks.size();
    int[] batchesPerEpoch = new int[n];
    LrSchedule[] schedule = new LrSchedule[n];
    long[] taskStep = new long[n];
    int maxBatches = 0;
    for (int t = 0; t < n; t++) {
      batchesPerEpoch[t] = (tasks.get(t).support().size() + o.batch() - 1) / o.batch();
      long total = (long) batchesPerEpoch[t] * o.epochs();
      schedule[t] = LrSchedule.warmupLinearDecay(o.lr(), (long) Math.ceil(o.warmup() * total), total);
      maxBatches = Math.max(maxBatches, batchesPerEpoch[t]);
    }
    long totalGroups = (long) o.epochs() * maxBatches * ((n + o.tasksPerStep() - 1) / o.tasksPerStep());
    long done = (long) seedIndex * totalGroups;
    double lastEpochLoss = Double.NaN;
    for (int epoch = 0; epoch < o.epochs(); epoch++) {
      double sum = 0;
      int count = 0;
      List<List<List<ConversationExample>>> batches = new ArrayList<>();
      for (PersonaTask task : tasks) {
        batches.add(Batches.split(Batches.shuffled(task.support(), random), o.batch()));
      }
      for (int b = 0; b < maxBatches; b++) {
        List<StepRunner.Part> parts = new ArrayList<>();
        for (int t = 0; t < n; t++) {
          if (b < batches.get(t).size()) {
            parts.add(new StepRunner.Part(t, batches.get(t).get(b)));
          }
          if (parts.size() == o.tasksPerStep() || (t == n - 1 && !parts.isEmpty())) {
            sum += runner.train(parts, 0, s -> schedule[s].rate(taskStep[s]), random.split());
            count++;
            parts.forEach(p -> taskStep[p.slot()]++);
            parts = new ArrayList<>();
            progress.step(Math.min(++done, totalGroups * seedCount), totalGroups * seedCount);
          }
        }
      }
      lastEpochLoss = sum / Math.max(1, count);
    }
    return lastEpochLoss;
  }

  /**
   * Per task: {hits@1, MRR} over its query examples, scored in groups of tasks; {@code hits} receives
   * each task's per-query hits@1, in query order.
   */
  static List<double[]> queryScores(StepRunner runner, List<PersonaTask> tasks, AdaptOptions o,
      List<List<Boolean>> hits) {
    List<double[]> out = new ArrayList<>();
    for (int t = 0; t < tasks.size(); t++) {
      out.add(new double[2]);
      hits.add(new ArrayList<>());
    }
    List<StepRunner.Part> parts = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    for (int t = 0; t < tasks.size(); t++) {
      for (List<ConversationExample> chunk : Batches.split(tasks.get(t).query(), o.batch())) {
        parts.add(new StepRunner.Part(t, chunk));
        owners.add(t);
        if (parts.size() == o.tasksPerStep()) {
          accumulate(runner.score(parts), parts, out, hits);
          parts = new ArrayList<>();
        }
      }
    }
    if (!parts.isEmpty()) {
      accumulate(runner.score(parts), parts, out, hits);
    }
    for (int t = 0; t < tasks.size(); t++) {
      int q = tasks.get(t).query().size();
      out.get(t)[0] /= q;
      out.get(t)[1] /= q;
    }
    return out;
  }

  private static void accumulate(float[][] scores, List<StepRunner.Part> parts, List<double[]> out,
      List<List<Boolean>> hits) {
    int row = 0;
    for (StepRunner.Part p : parts) {
      for (ConversationExample e : p.examples()) {
        int rank = Ranking.rankOfGold(scores[row++], Scorer.candidatesOf(e).indexOf(e.reply()));
        out.get(p.slot())[0] += rank == 1 ? 1 : 0;
        hits.get(p.slot()).add(rank == 1);
        out.get(p.slot())[1] += 1.0 / rank;
      }
    }
  }
}
