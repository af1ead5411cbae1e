package io.metastream.model.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.metastream.model.encoder.Encoder;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.lora.HeadBank;
import io.metastream.model.lora.LoraBank;
import io.metastream.model.lora.LoraConfig;
import io.metastream.model.text.TokenBatch;
import io.metastream.model.train.BiEncoderScorer;
import io.metastream.model.train.CrossEncoderScorer;
import io.metastream.model.train.Learner;
import io.metastream.model.train.LrSchedule;
import io.metastream.model.train.Scorer;
import io.metastream.model.train.ScoringModel;
import io.metastream.model.train.TaskBatch;
import io.metastream.model.weights.MiniLm;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

/**
 * Measures in one run: the float32 matmul peak of this machine (PyTorch engine), MiniLM LoRA
 * training steps for the cross-encoder and the bi-encoder (tokens/s, achieved FLOP/s by
 * {@link FlopCount}, MFU = achieved / peak), and one adapter-bank step over T tasks against T
 * separate per-task steps on the same examples ({@code bank_speedup}). A pure class: no output,
 * no environment; the CLI prints {@link BenchResult#toJson()}.
 *
 * <p>Honest measurement on a shared machine: the peak and the steps run with the same PyTorch
 * intra-op thread count (set here, reported as {@code threads}); every figure is a median over
 * repeats after a warm-up; process CPU time is measured next to wall time, so
 * {@code mfu_cpu} (FLOPs per CPU second of the step over those of the peak) stays meaningful
 * when other processes take cores away. Note that this sets PyTorch's process-wide thread count.
 */
public final class ModelBenchmark {

  private ModelBenchmark() {}

  /**
   * Benchmark sizes.
   *
   * @param matmulSize n of the n x n x n peak matmuls
   * @param matmulRepeats timed matmuls (median reported)
   * @param rows examples (pairs, or contexts) per training step
   * @param seqLen tokens per example (rows * seqLen >= 2048 for the brief's step size)
   * @param steps timed training steps per scorer (after one warm-up step)
   * @param tasks T of the bank comparison
   * @param rank LoRA rank
   * @param trainBase whether the base is trained (LoRA-ML) or frozen (fine-tuning)
   * @param seed random seed for token ids and initialisation
   * @param threads PyTorch intra-op threads for the peak and the steps alike (0: one per
   *     available processor)
   */
  public record Options(int matmulSize, int matmulRepeats, int rows, int seqLen, int steps,
      int tasks, int rank, boolean trainBase, long seed, int threads) {
    public Options {
      if (matmulSize <= 0 || matmulRepeats <= 0 || rows <= 0 || seqLen < 4 || steps <= 0
          || tasks <= 0 || rank <= 0 || rows % tasks != 0 || threads < 0) {
        throw new IllegalArgumentException("benchmark sizes must be positive, rows a multiple "
            + "of tasks and threads >= 0 (0 = all processors)");
      }
    }

    /** The same with one thread per available processor. */
    public Options(int matmulSize, int matmulRepeats, int rows, int seqLen, int steps,
        int tasks, int rank, boolean trainBase, long seed) {
      this(matmulSize, matmulRepeats, rows, seqLen, steps, tasks, rank, trainBase, seed, 0);
    }

    /**
     * 2048-token steps (32 x 64), T = 8, rank 8, trainable base, 2048^3 matmuls (median of 5),
     * median of 5 timed steps, all processors.
     */
    public static Options defaults() {
      return new Options(2048, 5, 32, 64, 5, 8, 8, true, 42, 0);
    }

    /** The same options with {@code threads} intra-op threads. */
    public Options withThreads(int threads) {
      return new Options(matmulSize, matmulRepeats, rows, seqLen, steps, tasks, rank, trainBase,
          seed, threads);
    }
  }

  /** Runs the whole benchmark (loads MiniLM from the classpath). */
  public static BenchResult run(Options o) throws IOException {
    Engine.getInstance().setRandomSeed((int) o.seed());
    int threads = EngineThreads.set(o.threads());
    try (NDManager root = NDManager.newBaseManager()) {
      double[] peakWallCpu = peakFlops(root, o.matmulSize(), o.matmulRepeats());
      double peak = peakWallCpu[0];
      Encoder encoder = MiniLm.load(root);
      LoraConfig lora = LoraConfig.of(o.rank());
      BenchResult.Throughput cross = training(root, encoder, lora, new CrossEncoderScorer(), o,
          peak);
      BenchResult.Throughput bi = training(root, encoder, lora, new BiEncoderScorer(), o, peak);
      double speedup = bankSpeedup(root, encoder, lora, o);
      return new BenchResult(peak, cross, bi, speedup, o.tasks(), o.rows() * o.seqLen(),
          Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion(),
          threads, peakWallCpu[1]);
    }
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

  private static BenchResult.Throughput training(NDManager root, Encoder encoder, LoraConfig lora,
      Scorer scorer, Options o, double peak) {
    boolean cross = scorer instanceof CrossEncoderScorer;
    try (NDManager m = root.newSubManager();
        LoraBank bank = LoraBank.create(encoder.config(), lora, o.tasks(), m);
        HeadBank heads = HeadBank.create(o.tasks(), encoder.config().hiddenSize(), 2, m)) {
      ScoringModel model = new ScoringModel(encoder, bank, cross ? heads : null);
      TaskBatch batch = cross ? pairBatch(o, encoder.config(), sameTask(o.rows(), 0), o.rows(), 1)
          : dualBatch(o, encoder.config());
      try (Learner learner = Learner.builder().setModel(model).setScorer(scorer)
          .optTrainBase(o.trainBase()).optSchedule(LrSchedule.constant(1e-5)).build(m)) {
        learner.step(batch);
        double[] wall = new double[o.steps()];
        double[] cpu = new double[o.steps()];
        for (int i = 0; i < o.steps(); i++) {
          long c0 = processCpuNanos();
          long t0 = System.nanoTime();
          learner.step(batch);
          wall[i] = (System.nanoTime() - t0) / 1e9;
          cpu[i] = c0 < 0 ? -1 : (processCpuNanos() - c0) / 1e9;
        }
        double seconds = median(wall);
        double cpuSeconds = median(cpu);
        long tokens = batch.first().rows() * (long) batch.first().length()
            + (batch.second() == null ? 0 : batch.second().rows() * (long) batch.second().length());
        double flops = FlopCount.trainingStep(encoder.config(), lora, o.trainBase(), tokens,
            batch.first().length());
        return new BenchResult.Throughput(tokens, seconds, cpuSeconds, tokens / seconds,
            flops / seconds, flops / seconds / peak);
      }
    }
  }

  /** Time of T single-task steps divided by the time of one T-task bank step (same examples). */
  private static double bankSpeedup(NDManager root, Encoder encoder, LoraConfig lora, Options o) {
    int perTask = o.rows() / o.tasks();
    int[] mixedTasks = new int[o.rows()];
    for (int i = 0; i < o.rows(); i++) {
      mixedTasks[i] = i / perTask;
    }
    TaskBatch mixed = pairBatch(o, encoder.config(), mixedTasks, o.rows(), 2);
    TaskBatch[] separate = new TaskBatch[o.tasks()];
    for (int t = 0; t < o.tasks(); t++) {
      separate[t] = pairBatch(o, encoder.config(), sameTask(perTask, t), perTask, 3 + t);
    }
    try (NDManager m = root.newSubManager();
        LoraBank bank = LoraBank.create(encoder.config(), lora, o.tasks(), m);
        HeadBank heads = HeadBank.create(o.tasks(), encoder.config().hiddenSize(), 2, m);
        Learner learner = Learner.builder().setModel(new ScoringModel(encoder, bank, heads))
            .setScorer(new CrossEncoderScorer()).optTrainBase(false)
            .optSchedule(LrSchedule.constant(1e-4)).build(m)) {
      learner.step(mixed);
      learner.step(separate[0]);
      double[] together = new double[o.steps()];
      double[] apart = new double[o.steps()];
      for (int r = 0; r < o.steps(); r++) {
        long t0 = System.nanoTime();
        learner.step(mixed);
        together[r] = System.nanoTime() - t0;
        t0 = System.nanoTime();
        for (TaskBatch b : separate) {
          learner.step(b);
        }
        apart[r] = System.nanoTime() - t0;
      }
      return median(apart) / median(together);
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

  private static int[] sameTask(int n, int task) {
    int[] out = new int[n];
    Arrays.fill(out, task);
    return out;
  }

  private static TaskBatch pairBatch(Options o, EncoderConfig c, int[] tasks, int rows,
      long salt) {
    TokenBatch tokens = randomTokens(rows, o.seqLen(), c, o.seed() + salt);
    int[] labels = new int[rows];
    for (int i = 0; i < rows; i++) {
      labels[i] = i % 2;
    }
    return TaskBatch.pairs(tasks, tokens, labels);
  }

  private static TaskBatch dualBatch(Options o, EncoderConfig c) {
    int half = o.rows() / 2;
    int[] gold = new int[half];
    for (int i = 0; i < half; i++) {
      gold[i] = i;
    }
    return TaskBatch.dual(sameTask(half, 0), randomTokens(half, o.seqLen(), c, o.seed() + 7),
        randomTokens(half, o.seqLen(), c, o.seed() + 8), gold);
  }

  /** Full-length rows of random word ids (no padding: every position is a real token). */
  private static TokenBatch randomTokens(int rows, int len, EncoderConfig c, long seed) {
    Random r = new Random(seed);
    long[] ids = new long[rows * len];
    long[] mask = new long[rows * len];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = 1000 + r.nextInt(c.vocabSize() - 1000);
      mask[i] = 1;
    }
    return new TokenBatch(rows, len, ids, mask, new long[rows * len]);
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
