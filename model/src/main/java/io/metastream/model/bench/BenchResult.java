package io.metastream.model.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link ModelBenchmark#run} measured, each step against the matmul peak of the same run.
 *
 * @param peakFlops median float32 matmul FLOP/s (wall)
 * @param peakFlopsPerCpuSecond median matmul FLOPs per process CPU second (-1 if unknown)
 * @param threads PyTorch intra-op threads used for the peak and the steps
 * @param engine engine name and version
 * @param device where the arrays lived
 * @param retrainStep a LoRA-ML round step (trainable base, several tasks' adapters)
 * @param fewshotStep the evaluator's step (frozen base)
 * @param fewshotBaseGradients base arrays that carried a gradient in the few-shot step (must be 0)
 * @param bank P personas in one batched step against P per-persona steps
 * @param score candidate scoring, forward only
 * @param profile where the retrain step's time goes
 * @param loadBefore the machine's load average (1, 5, 15 min) before the run
 * @param loadAfter the same after the run
 */
public record BenchResult(double peakFlops, double peakFlopsPerCpuSecond, int threads,
    String engine, String device, Throughput retrainStep, Throughput fewshotStep,
    int fewshotBaseGradients, Bank bank, Score score, Map<String, Object> profile,
    String loadBefore, String loadAfter) {

  /**
   * One step's throughput.
   *
   * @param tokensPerStep tokens (padded) processed by one step
   * @param secondsPerStep median wall time of a step
   * @param cpuSecondsPerStep median process CPU time of a step (all threads; < 0 if unknown)
   * @param tokensPerSecond tokens / s
   * @param flopsPerSecond achieved FLOP/s by {@link FlopCount}
   * @param mfu achieved / peak
   */
  public record Throughput(long tokensPerStep, double secondsPerStep, double cpuSecondsPerStep,
      double tokensPerSecond, double flopsPerSecond, double mfu) {

    /** FLOPs per CPU second of the step over those of the peak; -1 if CPU time is unknown. */
    public double mfuCpu(double peakFlopsPerCpuSecond) {
      if (cpuSecondsPerStep <= 0 || peakFlopsPerCpuSecond <= 0) {
        return -1;
      }
      return flopsPerSecond * secondsPerStep / cpuSecondsPerStep / peakFlopsPerCpuSecond;
    }

    Map<String, Object> toMap(double peakFlopsPerCpuSecond) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("mfu", round(mfu, 4));
      m.put("mfu_cpu", round(mfuCpu(peakFlopsPerCpuSecond), 4));
      m.put("tokens_per_step", tokensPerStep);
      m.put("seconds_per_step", round(secondsPerStep, 4));
      m.put("cpu_seconds_per_step", round(cpuSecondsPerStep, 4));
      m.put("tokens_per_s", round(tokensPerSecond, 1));
      m.put("achieved_flops", String.format(java.util.Locale.ROOT, "%.4e", flopsPerSecond));
      return m;
    }
  }

  /**
   * The bank comparison.
   *
   * @param speedup time of P per-persona steps / time of one P-persona step
   * @param personas P
   * @param examplesEach examples per persona
   * @param separateSeconds median time of the P separate steps
   * @param batched the one batched step's throughput
   */
  public record Bank(double speedup, int personas, int examplesEach, double separateSeconds,
      Throughput batched) {}

  /**
   * Candidate scoring.
   *
   * @param queriesPerSecond contexts ranked per second
   * @param candidates candidates per query
   * @param queriesPerPass queries per forward pass
   * @param forward the forward pass's throughput
   */
  public record Score(double queriesPerSecond, int candidates, int queriesPerPass,
      Throughput forward) {}

  /** The result as one JSON object (snake_case keys). */
  public String toJson() {
    double cpuPeak = peakFlopsPerCpuSecond;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("peak_flops", String.format(java.util.Locale.ROOT, "%.4e", peakFlops));
    m.put("peak_flops_per_cpu_s", String.format(java.util.Locale.ROOT, "%.4e", cpuPeak));
    Map<String, Object> retrain = retrainStep.toMap(cpuPeak);
    m.put("retrain_step", retrain);
    Map<String, Object> fewshot = fewshotStep.toMap(cpuPeak);
    fewshot.put("base_arrays_with_gradient", fewshotBaseGradients);
    m.put("fewshot_step", fewshot);
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("speedup", round(bank.speedup(), 3));
    b.put("personas", bank.personas());
    b.put("examples_each", bank.examplesEach());
    b.put("separate_seconds", round(bank.separateSeconds(), 4));
    b.putAll(bank.batched().toMap(cpuPeak));
    m.put("fewshot_bank_speedup", b);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("queries_per_s", round(score.queriesPerSecond(), 2));
    s.put("candidates", score.candidates());
    s.put("queries_per_pass", score.queriesPerPass());
    s.putAll(score.forward().toMap(cpuPeak));
    m.put("score_throughput", s);
    m.put("profile", profile);
    m.put("threads", threads);
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    m.put("engine", engine);
    m.put("device", device);
    m.put("load_before", loadBefore);
    m.put("load_after", loadAfter);
    m.put("note", "mfu = achieved FLOP/s (matmul FLOPs the step needs, FlopCount) / the float32 "
        + "matmul peak measured in this run with the same threads; mfu_cpu uses CPU seconds "
        + "instead of wall seconds. load_before/after are the 1/5/15-minute load averages: on a "
        + "machine busier than its cpus, wall figures are lower bounds; compare on an idle "
        + "machine. Shapes: the services' defaults (bi-encoder, context 48 / candidate 32 tokens "
        + "caps, batch 8, 3 negatives, rank 8); profile = the retrain step's engine self time.");
    try {
      return io.metastream.domain.serde.Json.mapper().writerWithDefaultPrettyPrinter()
          .writeValueAsString(m);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the benchmark result: " + e.getMessage(), e);
    }
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
