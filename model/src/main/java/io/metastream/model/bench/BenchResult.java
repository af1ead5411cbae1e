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
 * @param threads processors available to the JVM
 */
public record BenchResult(double peakFlops, Throughput crossEncoder, Throughput biEncoder,
    double bankSpeedup, int bankTasks, int tokensPerStep, String engine, int threads) {

  /**
   * One training configuration's throughput.
   *
   * @param tokensPerStep tokens processed by one step
   * @param secondsPerStep mean wall time of a step
   * @param cpuSecondsPerStep mean process CPU time of a step (all threads; < 0 if unknown)
   * @param tokensPerSecond tokens / s
   * @param flopsPerSecond achieved FLOP/s by {@link FlopCount}
   * @param mfu achieved / peak
   */
  public record Throughput(long tokensPerStep, double secondsPerStep, double cpuSecondsPerStep,
      double tokensPerSecond,
      double flopsPerSecond, double mfu) {

    String toJson() {
      return String.format(Locale.ROOT, "{\"tokens_per_step\": %d, \"seconds_per_step\": %.4f, "
          + "\"cpu_seconds_per_step\": %.4f, \"tokens_per_s\": %.1f, \"achieved_flops\": %.4e, "
          + "\"mfu\": %.4f}",
          tokensPerStep, secondsPerStep, cpuSecondsPerStep, tokensPerSecond, flopsPerSecond, mfu);
    }
  }

  /** The result as one JSON object (snake_case keys). */
  public String toJson() {
    return String.format(Locale.ROOT, "{\"peak_flops\": %.4e, \"mfu\": %.4f, "
        + "\"tokens_per_s\": %.1f, \"bank_speedup\": %.3f, \"bank_tasks\": %d, "
        + "\"cross_encoder\": %s, \"bi_encoder\": %s, \"engine\": \"%s\", \"threads\": %d}",
        peakFlops, crossEncoder.mfu(), crossEncoder.tokensPerSecond(), bankSpeedup, bankTasks,
        crossEncoder.toJson(), biEncoder.toJson(), engine.replace("\"", "'"), threads);
  }
}
