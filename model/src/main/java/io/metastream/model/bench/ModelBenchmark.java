package io.metastream.model.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.metastream.model.encoder.Encoder;
import io.metastream.model.lora.LoraConfig;
import io.metastream.model.text.PairTokenizer;
import io.metastream.model.text.TextCodec;
import io.metastream.model.train.AdamW;
import io.metastream.model.train.ExampleBatcher;
import io.metastream.model.train.Learner;
import io.metastream.model.train.Scorer;
import io.metastream.model.train.ScorerOptions;
import io.metastream.model.train.ScoringModel;
import io.metastream.model.train.TaskBatch;
import io.metastream.model.train.TaskExamples;
import io.metastream.model.weights.MiniLm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Times, in one run and through the services' own classes ({@link ExampleBatcher},
 * {@link Learner}, {@link ScoringModel}), the steps the services take on MiniLM, each against the
 * float32 matmul peak measured in the same run with the same threads:
 * <ul>
 *   <li>{@code retrain_step}: a LoRA-ML round step (trainable base; a bank of several tasks'
 *       adapters, {@code retrainTasksPerStep} of them in the step);
 *   <li>{@code fewshot_step}: the evaluator's step (frozen base, checked to carry no gradient;
 *       FLOPs counted as a frozen base needs them);
 *   <li>{@code fewshot_bank_speedup}: P held-out personas adapted in one batched step against P
 *       per-persona steps;
 *   <li>{@code score_throughput}: ranking queries with 20 candidates each, forward only.
 * </ul>
 * Medians over repeats after a warm-up; process CPU time beside wall time. Pure of output and
 * environment: the CLI prints {@link BenchResult#toJson()}. Sets PyTorch's process-wide threads.
 */
public final class ModelBenchmark {

  private ModelBenchmark() {}

  /**
   * Benchmark sizes.
   *
   * @param matmulSize n of the n x n x n peak matmuls
   * @param matmulRepeats timed matmuls (median reported)
   * @param steps timed repeats of every step (after one warm-up)
   * @param personas P of the few-shot bank (and of the retraining bank)
   * @param examples examples per persona and step (the batch)
   * @param fewshotTasksPerStep personas per few-shot step (the evaluator's tasks_per_step)
   * @param retrainTasksPerStep tasks per retraining step
   * @param rank LoRA rank
   * @param seed random seed
   * @param threads PyTorch intra-op threads for the peak and the steps (0: all processors)
   * @param device where the arrays live
   */
  public record Options(int matmulSize, int matmulRepeats, int steps, int personas, int examples,
      int fewshotTasksPerStep, int retrainTasksPerStep, int rank, long seed, int threads,
      Device device) {
    public Options {
      if (matmulSize <= 0 || matmulRepeats <= 0 || steps <= 0 || personas <= 0 || examples <= 0
          || fewshotTasksPerStep <= 0 || retrainTasksPerStep <= 0 || rank <= 0 || threads < 0
          || fewshotTasksPerStep > personas || retrainTasksPerStep > personas) {
        throw new IllegalArgumentException("benchmark sizes must be positive, tasks per step at "
            + "most the personas, and threads >= 0 (0 = all processors)");
      }
      device = device == null ? Device.cpu() : device;
    }

    /** 2048^3 matmuls (median of 5), 3 timed steps, P = 8 x 8 examples, rank 8, all cores. */
    public static Options defaults() {
      return new Options(2048, 5, 3, 8, 8, 4, 2, 8, 42, 0, Device.cpu());
    }

    /** The same options with {@code threads} intra-op threads. */
    public Options withThreads(int threads) {
      return new Options(matmulSize, matmulRepeats, steps, personas, examples,
          fewshotTasksPerStep, retrainTasksPerStep, rank, seed, threads, device);
    }

    /** The same options with {@code steps} timed repeats. */
    public Options withSteps(int steps) {
      return new Options(matmulSize, matmulRepeats, steps, personas, examples,
          fewshotTasksPerStep, retrainTasksPerStep, rank, seed, threads, device);
    }

    /** The same options on {@code device}. */
    public Options withDevice(Device device) {
      return new Options(matmulSize, matmulRepeats, steps, personas, examples,
          fewshotTasksPerStep, retrainTasksPerStep, rank, seed, threads, device);
    }
  }

  /** Runs the whole benchmark (loads MiniLM from the classpath). */
  public static BenchResult run(Options o) throws IOException {
    String loadBefore = load();
    Engine.getInstance().setRandomSeed((int) o.seed());
    int threads = EngineThreads.set(o.threads());
    ScorerOptions so = ScorerOptions.defaults(ScorerOptions.Kind.BI);
    Scorer scorer = so.scorer();
    LoraConfig lora = LoraConfig.of(o.rank());
    try (NDManager root = NDManager.newBaseManager(o.device());
        PairTokenizer tok = PairTokenizer.miniLm()) {
      double[] peak = peakFlops(root, o.matmulSize(), o.matmulRepeats());
      Encoder encoder = MiniLm.load(root);
      ExampleBatcher batcher = new ExampleBatcher(new TextCodec(tok, 48, 32), so.kind(), 3);
      List<TaskExamples> tasks = Workload.tasks(o.personas(), o.examples(), o.seed());
      Map<String, Object> profile = new LinkedHashMap<>();
      BenchResult.Throughput retrain = retrainStep(root, encoder, lora, scorer, batcher, tasks, o,
          peak[0], profile);
      int[] baseGradients = new int[1];
      BenchResult.Throughput fewshot;
      BenchResult.Bank bank;
      try (NDManager m = root.newSubManager()) {
        ScoringModel model = ScoringModel.create(encoder, lora, scorer, o.personas(), m);
        try (Learner learner = Learner.builder().setModel(model).setScorer(scorer)
            .optTrainBase(false).optOptimizer(AdamW.withDecay(0f)).build(m)) {
          fewshot = timed(learner, batcher, tasks.subList(0, o.fewshotTasksPerStep()), encoder,
              lora, false, o, peak[0], null);
          baseGradients[0] = (int) encoder.arrays().values().stream()
              .filter(NDArray::hasGradient).count();
          if (baseGradients[0] > 0) {
            throw new IllegalStateException(baseGradients[0] + " frozen base arrays carry a "
                + "gradient in the few-shot step");
          }
          bank = bank(learner, batcher, tasks, encoder, lora, o, peak[0]);
        }
      }
      BenchResult.Score score = score(root, encoder, lora, scorer, batcher, tasks, o, peak[0]);
      return new BenchResult(peak[0], peak[1], threads,
          Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion(),
          o.device().toString(), retrain, fewshot, baseGradients[0], bank, score, profile,
          loadBefore, load());
    }
  }

  private static BenchResult.Throughput retrainStep(NDManager root, Encoder encoder,
      LoraConfig lora, Scorer scorer, ExampleBatcher batcher, List<TaskExamples> tasks, Options o,
      double peak, Map<String, Object> profile) throws IOException {
    try (NDManager m = root.newSubManager()) {
      ScoringModel model = ScoringModel.create(encoder, lora, scorer, o.personas(), m);
      try (Learner learner = Learner.builder().setModel(model).setScorer(scorer)
          .optTrainBase(true).optOptimizer(AdamW.withDecay(0.01f)).build(m)) {
        List<TaskExamples> parts = tasks.subList(0, o.retrainTasksPerStep());
        BenchResult.Throughput t = timed(learner, batcher, parts, encoder, lora, true, o, peak,
            profile);
        profile.putAll(OpProfile.of(() -> batcher.trainStep(learner, parts, 1e-5, s -> 1e-5,
            new SplittableRandom(o.seed()))));
        return t;
      }
    }
  }

  /**
   * Median wall and CPU time of one training step on {@code parts} (after a warm-up step); fills
   * {@code phases} (if given) with the forward / backward / optimizer shares of the step.
   */
  private static BenchResult.Throughput timed(Learner learner, ExampleBatcher batcher,
      List<TaskExamples> parts, Encoder encoder, LoraConfig lora, boolean trainBase, Options o,
      double peak, Map<String, Object> phases) {
    SplittableRandom random = new SplittableRandom(o.seed());
    TaskBatch shape = batcher.training(parts, new SplittableRandom(o.seed()));
    batcher.trainStep(learner, parts, 1e-5, s -> 1e-5, random.split());
    double[] wall = new double[o.steps()];
    double[] cpu = new double[o.steps()];
    double[] split = new double[3];
    for (int i = 0; i < o.steps(); i++) {
      long c0 = processCpuNanos();
      long t0 = System.nanoTime();
      batcher.trainStep(learner, parts, 1e-5, s -> 1e-5, random.split());
      wall[i] = (System.nanoTime() - t0) / 1e9;
      cpu[i] = c0 < 0 ? -1 : (processCpuNanos() - c0) / 1e9;
      long[] n = learner.lastStepNanos();
      for (int k = 0; k < 3; k++) {
        split[k] += n[k] / 1e9;
      }
    }
    if (phases != null) {
      double sum = Arrays.stream(wall).sum();
      phases.put("forward_share", BenchResult.round(split[0] / sum, 3));
      phases.put("backward_share", BenchResult.round(split[1] / sum, 3));
      phases.put("optimizer_share", BenchResult.round(split[2] / sum, 3));
      phases.put("batching_share", BenchResult.round(
          Math.max(0, sum - split[0] - split[1] - split[2]) / sum, 3));
    }
    return throughput(FlopCount.cells(shape),
        FlopCount.trainingStep(encoder.config(), lora, trainBase, shape), median(wall),
        median(cpu), peak);
  }

  private static BenchResult.Bank bank(Learner learner, ExampleBatcher batcher,
      List<TaskExamples> tasks, Encoder encoder, LoraConfig lora, Options o, double peak) {
    SplittableRandom random = new SplittableRandom(o.seed() + 1);
    TaskBatch shape = batcher.training(tasks, new SplittableRandom(o.seed()));
    batcher.trainStep(learner, tasks, 1e-5, s -> 1e-5, random.split());
    batcher.trainStep(learner, tasks.subList(0, 1), 1e-5, s -> 1e-5, random.split());
    double[] together = new double[o.steps()];
    double[] togetherCpu = new double[o.steps()];
    double[] apart = new double[o.steps()];
    for (int r = 0; r < o.steps(); r++) {
      long c0 = processCpuNanos();
      long t0 = System.nanoTime();
      batcher.trainStep(learner, tasks, 1e-5, s -> 1e-5, random.split());
      together[r] = (System.nanoTime() - t0) / 1e9;
      togetherCpu[r] = c0 < 0 ? -1 : (processCpuNanos() - c0) / 1e9;
      t0 = System.nanoTime();
      for (TaskExamples t : tasks) {
        batcher.trainStep(learner, List.of(t), 1e-5, s -> 1e-5, random.split());
      }
      apart[r] = (System.nanoTime() - t0) / 1e9;
    }
    BenchResult.Throughput batched = throughput(FlopCount.cells(shape),
        FlopCount.trainingStep(encoder.config(), lora, false, shape), median(together),
        median(togetherCpu), peak);
    return new BenchResult.Bank(median(apart) / median(together), tasks.size(), o.examples(),
        median(apart), batched);
  }

  private static BenchResult.Score score(NDManager root, Encoder encoder, LoraConfig lora,
      Scorer scorer, ExampleBatcher batcher, List<TaskExamples> tasks, Options o, double peak) {
    try (NDManager m = root.newSubManager()) {
      ScoringModel model = ScoringModel.create(encoder, lora, scorer, o.personas(), m);
      List<TaskExamples> parts = tasks.subList(0, o.fewshotTasksPerStep());
      ExampleBatcher.Ranked ranked = batcher.ranking(parts);
      Learner.score(model, scorer, ranked.batch(), m);
      double[] wall = new double[o.steps()];
      double[] cpu = new double[o.steps()];
      for (int i = 0; i < o.steps(); i++) {
        long c0 = processCpuNanos();
        long t0 = System.nanoTime();
        ExampleBatcher.Ranked r = batcher.ranking(parts);
        r.perExample(Learner.score(model, scorer, r.batch(), m));
        wall[i] = (System.nanoTime() - t0) / 1e9;
        cpu[i] = c0 < 0 ? -1 : (processCpuNanos() - c0) / 1e9;
      }
      int queries = ranked.counts().length;
      BenchResult.Throughput t = throughput(FlopCount.cells(ranked.batch()),
          FlopCount.forward(encoder.config(), lora, ranked.batch()), median(wall), median(cpu),
          peak);
      return new BenchResult.Score(queries / t.secondsPerStep(), 20, queries, t);
    }
  }

  private static BenchResult.Throughput throughput(long tokens, double flops, double seconds,
      double cpuSeconds, double peak) {
    return new BenchResult.Throughput(tokens, seconds, cpuSeconds, tokens / seconds,
        flops / seconds, flops / seconds / peak);
  }

  /**
   * Median FLOP/s of {@code repeats} float32 n x n matmuls (2 n^3 FLOPs each): [per wall
   * second, per process CPU second (-1 if unknown)].
   */
  static double[] peakFlops(NDManager root, int n, int repeats) {
    try (NDManager m = root.newSubManager()) {
      NDArray a = m.randomUniform(-1f, 1f, new Shape(n, n));
      NDArray b = m.randomUniform(-1f, 1f, new Shape(n, n));
      a.matMul(b).close();
      double flops = 2.0 * n * n * n;
      double[] wall = new double[repeats];
      double[] cpu = new double[repeats];
      for (int i = 0; i < repeats; i++) {
        long c0 = processCpuNanos();
        long t0 = System.nanoTime();
        try (NDArray c = a.matMul(b)) {
          c.getFloat(0, 0);
        }
        wall[i] = flops / ((System.nanoTime() - t0) / 1e9);
        cpu[i] = c0 < 0 ? -1 : flops / (Math.max(1, processCpuNanos() - c0) / 1e9);
      }
      return new double[] {median(wall), median(cpu)};
    }
  }

  /**
   * CPU time of the whole process (all native threads), or -1 if unavailable. Wall time against
   * CPU time shows how much of the machine the run actually got (other processes compete).
   */
  static long processCpuNanos() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** The 1, 5 and 15-minute load averages ("unknown" where /proc/loadavg is absent). */
  public static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      double l = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
          .getSystemLoadAverage();
      return l < 0 ? "unknown" : String.format(java.util.Locale.ROOT, "%.2f", l);
    }
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
