package io.metastream.model.bench;

import java.util.Locale;

/**
 * What {@link ModelBenchmark#run} measured. Headline fields ({@code mfu}, {@code tokens_per_s})
 * are the cross-encoder's, the paper's scorer.
 *
 * @param peakFlops median float32 matmul FLOP/s
 * @param crossEncoder cross-encoder LoRA training step
 * @param biEncoder bi-encoder LoRA training step
 * @param bankSpeedup time of T per-task steps / time of one T-task bank step
 * @param bankTasks T
 * @param tokensPerStep tokens of one cross-encoder step
 * @param engine engine name and version
 * @param threads PyTorch intra-op threads used for the peak and the steps
 * @param peakFlopsPerCpuSecond median matmul FLOPs per process CPU second (-1 if unknown):
 *     with {@link Throughput#mfuCpu} a utilisation figure that other processes competing for
 *     the cores distort far less than the wall-clock one
 */
public record BenchResult(double peakFlops, Throughput crossEncoder, Throughput biEncoder,
    double bankSpeedup, int bankTasks, int tokensPerStep, String engine, int threads,
    double peakFlopsPerCpuSecond) {

  /** A result without the CPU-time peak. */
  public BenchResult(double peakFlops, Throughput crossEncoder, Throughput biEncoder,
      double bankSpeedup, int bankTasks, int tokensPerStep, String engine, int threads) {
    this(peakFlops, crossEncoder, biEncoder, bankSpeedup, bankTasks, tokensPerStep, engine,
        threads, -1);
  }

  /**
   * One training configuration's throughput.
   *
   * @param tokensPerStep tokens processed by one step
   * @param secondsPerStep median wall time of a step
   * @param cpuSecondsPerStep median process CPU time of a step (all threads; < 0 if unknown)
   * @param tokensPerSecond tokens / s
   * @param flopsPerSecond achieved FLOP/s by {@link FlopCount}
   * @param mfu achieved / peak
   */
  public record Throughput(long tokensPerStep, double secondsPerStep, double cpuSecondsPerStep,
      double tokensPerSecond,
      double flopsPerSecond, double mfu) {

    /**
     * Achieved FLOPs per process CPU second over the peak's (-1 if either is unknown): the
     * utilisation of the CPU time the step actually got.
     */
    public double mfuCpu(double peakFlopsPerCpuSecond) {
      if (cpuSecondsPerStep <= 0 || peakFlopsPerCpuSecond <= 0) {
        return -1;
      }
      return flopsPerSecond * secondsPerStep / cpuSecondsPerStep / peakFlopsPerCpuSecond;
    }

    String toJson(double peakFlopsPerCpuSecond) {
      return String.format(Locale.ROOT, "{\"tokens_per_step\": %d, \"seconds_per_step\": %.4f, "
          + "\"cpu_seconds_per_step\": %.4f, \"tokens_per_s\": %.1f, \"achieved_flops\": %.4e, "
          + "\"mfu\": %.4f, \"mfu_cpu\": %.4f}",
          tokensPerStep, secondsPerStep, cpuSecondsPerStep, tokensPerSecond, flopsPerSecond, mfu,
          mfuCpu(peakFlopsPerCpuSecond));
    }
  }

  /** The result as one JSON object (snake_case keys). */
  public String toJson() {
    return String.format(Locale.ROOT, "{\"peak_flops\": %.4e, \"mfu\": %.4f, "
        + "\"tokens_per_s\": %.1f, \"bank_speedup\": %.3f, \"bank_tasks\": %d, "
        + "\"peak_flops_per_cpu_s\": %.4e, \"mfu_cpu\": %.4f, "
        + "\"cross_encoder\": %s, \"bi_encoder\": %s, \"engine\": \"%s\", \"threads\": %d}",
        peakFlops, crossEncoder.mfu(), crossEncoder.tokensPerSecond(), bankSpeedup, bankTasks,
        peakFlopsPerCpuSecond, crossEncoder.mfuCpu(peakFlopsPerCpuSecond),
        crossEncoder.toJson(peakFlopsPerCpuSecond), biEncoder.toJson(peakFlopsPerCpuSecond),
        engine.replace("\"", "'"), threads);
  }
}
