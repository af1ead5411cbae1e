package io.metastream.learning.retrain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.metastream.domain.Algorithm;
import io.metastream.domain.ConversationExample;
import io.metastream.domain.PersonaTask;
import io.metastream.model.weights.BaseModel;
import io.metastream.model.weights.HfCheckpoint;
import io.metastream.learning.api.RetrainRequest;
import io.metastream.learning.api.RetrainResult;
import io.metastream.learning.api.Retrainer;
import io.metastream.model.encoder.Devices;
import io.metastream.model.lora.LoraConfig;
import io.metastream.model.text.PairTokenizer;
import io.metastream.model.text.TextCodec;
import io.metastream.model.train.AdamW;
import io.metastream.model.train.ExampleBatcher;
import io.metastream.model.train.Learner;
import io.metastream.model.train.LrSchedule;
import io.metastream.model.train.Scorer;
import io.metastream.model.train.ScorerOptions;
import io.metastream.model.train.ScoringModel;
import io.metastream.model.train.TaskExamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The retraining algorithms of the paper on the neural encoder (options: {@link RetrainOptions}):
 * <ul>
 *   <li>LORA_ML: one bank task per persona task (rank-r LoRA on every Linear, plus the head the
 *       scorer needs), created once for the round and kept; base fully trainable; each step one
 *       task's mini-batch updates the base and that task's adapter and head (first order), tasks
 *       round-robin; warm-up then linear decay. Tasks not in a step get no update at all.
 *   <li>SR: by default the very step plan of LoRA-ML (same single-persona mini-batches, same
 *       order, same steps and base rate), in one shared slot: one shared head if the scorer has
 *       one, no adapter; {@code sr_order} picks the paper's blocked order or pooled batches.
 *   <li>LAST_LAYER_ML: base plus per-task heads (vector heads for the bi-encoder), no adapters,
 *       round-robin.
 *   <li>REPTILE: see {@link ReptileLoop}.
 *   <li>NONE: the parent (or pretrained) base, unchanged.
 * </ul>
 * Only the base is exported (Hugging Face layout); adapters and heads are thrown away.
 */
public final class NeuralRetrainer implements Retrainer {

  /** Progress of a round: (done, total) optimiser steps. */
  public interface Progress {
    void step(long done, long total, double loss);

    Progress NONE = (d, t, l) -> { };
  }

  private final Progress progress;

  public NeuralRetrainer() {
    this(Progress.NONE);
  }

  public NeuralRetrainer(Progress progress) {
    this.progress = progress;
  }

  @Override
  public RetrainResult retrain(RetrainRequest request) throws IOException {
    RetrainOptions o = RetrainOptions.parse(request.options());
    long start = System.nanoTime();
    if (request.algorithm() == Algorithm.NONE) {
      return none(request, o);
    }
    List<PersonaTask> tasks = request.tasks().stream()
        .sorted(Comparator.comparing(PersonaTask::taskId)).toList();
    List<List<ConversationExample>> data = examples(tasks, o.maxExamplesPerTask());
    Engine.getInstance().setRandomSeed((int) request.seed());
    try (NDManager root = NDManager.newBaseManager(Devices.parse(o.device()))) {
      BaseModel base = load(request, o, root);
      try (PairTokenizer tok = base.tokenizer()) {
        ScorerOptions so = o.scorer();
        if (request.algorithm() == Algorithm.LAST_LAYER_ML && !so.hasHead()) {
          // last-layer meta-learning is defined by its per-task heads: the bi-encoder gets vectors
          so = so.withVectorHead();
        }
        Scorer scorer = so.scorer();
        ExampleBatcher batcher = new ExampleBatcher(new TextCodec(tok, o.contextLength(),
            o.candidateLength()), so.kind(), o.negatives());
        boolean perTask = request.algorithm() == Algorithm.LORA_ML
            || request.algorithm() == Algorithm.LAST_LAYER_ML;
        LoraConfig lora = request.algorithm() == Algorithm.LORA_ML
            ? new LoraConfig(o.rank(), o.alpha(), o.loraDropout(), LoraConfig.ALL_LINEAR) : null;
        ScoringModel model = ScoringModel.create(base.encoder(), lora, scorer,
            perTask ? tasks.size() : 1, root);
        Outcome out = request.algorithm() == Algorithm.REPTILE
            ? new ReptileLoop(o, request.seed(), progress).run(model, scorer, batcher, data, root)
            : joint(model, scorer, batcher, data, o, request.seed(), request.algorithm(), root);
        base.export(request.outputDir());
        List<Double> losses = out.epochLosses();
        double last = losses.isEmpty() ? Double.NaN : losses.get(losses.size() - 1);
        Map<String, String> details = details(request, tasks, data, losses,
            System.nanoTime() - start);
        if (out.updatesPerTask() != null) {
          details.put("updates_per_task", updates(out.updatesPerTask()));
        }
        return new RetrainResult(last, out.steps(), details);
      }
    }
  }

  /**
   * Mean loss per epoch, optimiser steps taken, and the mini-batches each task took part in (null
   * when batches mix tasks).
   */
  record Outcome(List<Double> epochLosses, long steps, long[] updatesPerTask) {}

  /** A learner that trains the base too; a diverged step shows as a non-finite loss. */
  static Learner learner(ScoringModel model, Scorer scorer, double weightDecay,
      NDManager manager) {
    return Learner.builder().setModel(model).setScorer(scorer).optTrainBase(true)
        .optOptimizer(AdamW.withDecay((float) weightDecay)).optStopOnNonFinite(false)
        .build(manager);
  }

  private Outcome joint(ScoringModel model, Scorer scorer, ExampleBatcher batcher,
      List<List<ConversationExample>> data, RetrainOptions o, long seed, Algorithm algorithm,
      NDManager root) {
    List<List<List<TaskExamples>>> epochs = new ArrayList<>();
    long total = 0;
    for (int e = 0; e < o.epochs(); e++) {
      List<List<TaskExamples>> plan = plan(data, o, seed, e, algorithm);
      epochs.add(plan);
      total += plan.size();
    }
    if (o.maxSteps() > 0) {
      total = Math.min(total, o.maxSteps());
    }
    LrSchedule base = LrSchedule.warmupLinearDecay(o.lr(), (long) Math.ceil(o.warmup() * total),
        total);
    LrSchedule head = LrSchedule.warmupLinearDecay(o.taskLr(),
        (long) Math.ceil(o.warmup() * total), total);
    SplittableRandom random = new SplittableRandom(seed);
    List<Double> losses = new ArrayList<>();
    long[] updates = new long[data.size()];
    boolean shared = algorithm == Algorithm.SR;
    long step = 0;
    try (Learner learner = learner(model, scorer, o.weightDecay(), root)) {
      for (List<List<TaskExamples>> plan : epochs) {
        double sum = 0;
        int n = 0;
        for (List<TaskExamples> parts : plan) {
          if (step >= total) {
            break;
          }
          final long s = step;
          double loss = batcher.trainStep(learner, shared ? StepPlan.shared(parts) : parts,
              base.rate(s), t -> head.rate(s), random.split());
          parts.forEach(p -> updates[p.task()]++);
          sum += loss;
          n++;
          progress.step(++step, total, loss);
        }
        if (n > 0) {
          losses.add(sum / n);
        }
      }
    }
    boolean perPersona = !(shared && o.srOrder().equals("pooled"));
    return new Outcome(losses, step, perPersona ? updates : null);
  }

  /**
   * One epoch's steps: LoRA-ML and last-layer-ML interleave single-task mini-batches round-robin;
   * SR takes the same plan by default ({@code sr_order=plan}), or the paper's blocked order, or
   * pooled mixed batches.
   */
  static List<List<TaskExamples>> plan(List<List<ConversationExample>> data, RetrainOptions o,
      long seed, int epoch, Algorithm algorithm) {
    if (algorithm == Algorithm.SR) {
      return switch (o.srOrder()) {
        case "pooled" -> StepPlan.pooled(data, o.batch(), seed, epoch);
        case "blocked" -> StepPlan.blocked(data, o.batch(), seed, epoch);
        default -> StepPlan.roundRobin(data, o.batch(), o.tasksPerStep(), seed, epoch);
      };
    }
    return StepPlan.roundRobin(data, o.batch(), o.tasksPerStep(), seed, epoch);
  }

  private RetrainResult none(RetrainRequest request, RetrainOptions o) throws IOException {
    Files.createDirectories(request.outputDir());
    if (request.parentBase().isPresent()) {
      for (String f : HfCheckpoint.FILES) {
        if (Files.exists(request.parentBase().get().resolve(f))) {
          Files.copy(request.parentBase().get().resolve(f), request.outputDir().resolve(f),
              StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } else {
      try (NDManager root = NDManager.newBaseManager(Devices.parse(o.device()))) {
        BaseModel.load(o.model(), root, request.seed(), o.dropout()).export(request.outputDir());
      }
    }
    Map<String, String> d = new LinkedHashMap<>();
    d.put("algorithm", "NONE");
    d.put("source", request.parentBase().map(Path::toString).orElse(o.model()));
    return new RetrainResult(0.0, 0, d);
  }

  private static BaseModel load(RetrainRequest request, RetrainOptions o, NDManager root)
      throws IOException {
    return request.parentBase().isPresent()
        ? BaseModel.loadDirectory(request.parentBase().get(), root, o.dropout())
        : BaseModel.load(o.model(), root, request.seed(), o.dropout());
  }

  /** Each task's examples in example-id order, capped. */
  static List<List<ConversationExample>> examples(List<PersonaTask> tasks, int cap) {
    List<List<ConversationExample>> out = new ArrayList<>();
    for (PersonaTask t : tasks) {
      List<ConversationExample> all = new ArrayList<>(t.support());
      all.addAll(t.query());
      all.sort(Comparator.comparing(ConversationExample::exampleId));
      out.add(cap > 0 && all.size() > cap ? List.copyOf(all.subList(0, cap)) : List.copyOf(all));
    }
    return out;
  }

  /** "min / mean / max" mini-batches per task, e.g. "9 / 9.0 / 9". */
  static String updates(long[] perTask) {
    java.util.LongSummaryStatistics st = java.util.Arrays.stream(perTask).summaryStatistics();
    return String.format(java.util.Locale.ROOT, "%d / %.1f / %d", st.getMin(), st.getAverage(),
        st.getMax());
  }

  private static Map<String, String> details(RetrainRequest request, List<PersonaTask> tasks,
      List<List<ConversationExample>> data, List<Double> losses, long nanos) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("algorithm", request.algorithm().name());
    d.put("seed", Long.toString(request.seed()));
    d.put("options", new java.util.TreeMap<>(request.options()).toString());
    d.put("task_ids", tasks.stream().map(PersonaTask::taskId).collect(Collectors.joining(",")));
    d.put("task_revisions", tasks.stream().map(t -> Long.toString(t.revision()))
        .collect(Collectors.joining(",")));
    d.put("examples", Integer.toString(data.stream().mapToInt(List::size).sum()));
    d.put("epoch_losses", losses.stream().map(l -> String.format("%.5f", l))
        .collect(Collectors.joining(",")));
    d.put("parent", request.parentBase().map(Path::toString).orElse("pretrained"));
    d.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
    d.put("seconds", String.format("%.1f", nanos / 1e9));
    return d;
  }
}
