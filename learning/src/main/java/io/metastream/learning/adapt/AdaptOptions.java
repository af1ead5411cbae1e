package io.metastream.learning.adapt;

import io.metastream.model.lora.LoraConfig;
import io.metastream.model.train.FlatOptions;
import io.metastream.model.train.LrSchedule;
import io.metastream.model.train.ScorerOptions;
import java.util.Map;

/**
 * Options of the few-shot protocol ({@code AdaptationRequest.options}). The adapter's shape (rank 8,
 * alpha 16, every Linear) is the paper's; the budget ({@code steps}) and the rate ({@code lr}) were
 * chosen on retraining-side personas only (Synthetic-Persona-Chat test, see README "Choosing the
 * few-shot budget"), never on evaluation personas.
 *
 * <p>Initial values: every LoRA starts with {@code B = 0} (and {@code A} Kaiming-uniform, as PEFT),
 * so an adapter starts exactly at the base; the bi-encoder has no head by default (a persona's
 * adapter is the LoRA alone); a cross-encoder's fresh classifier head is PyTorch's Linear default
 * (uniform, bound 1/sqrt(hidden); bias 0), the paper's new head per task, so its zero-shot score is
 * that of an untrained head.
 *
 * <table>
 *   <caption>few-shot options</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>rank</td><td>8</td><td>LoRA rank on every encoder Linear layer</td></tr>
 *   <tr><td>alpha</td><td>16</td><td>LoRA alpha (scale alpha/rank)</td></tr>
 *   <tr><td>lora_dropout</td><td>0.1</td><td>dropout on the LoRA input</td></tr>
 *   <tr><td>lr</td><td>2e-3</td><td>AdamW peak learning rate</td></tr>
 *   <tr><td>weight_decay</td><td>0.0</td><td>AdamW decoupled decay (not on biases, LayerNorm,
 *       vector heads)</td></tr>
 *   <tr><td>batch</td><td>8</td><td>contexts per task mini-batch</td></tr>
 *   <tr><td>steps</td><td>12</td><td>the budget: optimizer steps per persona; epochs over
 *       its support set follow from it (reshuffled at each pass)</td></tr>
 *   <tr><td>schedule</td><td>linear</td><td>linear (warm-up, then linear decay to 0 after the
 *       last step) | constant (warm-up, then the peak rate)</td></tr>
 *   <tr><td>warmup</td><td>0.1</td><td>fraction of a task's steps spent warming up</td></tr>
 *   <tr><td>scorer, pooling, bi_similarity, bi_scale, bi_head, cross_pooling</td>
 *       <td>bi, mean, cosine, 20, none, mean</td><td>see {@link ScorerOptions}</td></tr>
 *   <tr><td>negatives</td><td>3</td><td>distractors per context in the training loss</td></tr>
 *   <tr><td>context_len / candidate_len</td><td>48 / 32</td><td>token caps</td></tr>
 *   <tr><td>tasks_per_step</td><td>4</td><td>personas adapted together in one forward pass</td></tr>
 *   <tr><td>zero_shot</td><td>true</td><td>also score before adaptation (every seed)</td></tr>
 *   <tr><td>dropout</td><td>(config)</td><td>override the base's hidden/attention dropout</td></tr>
 *   <tr><td>device</td><td>auto</td><td>auto | cpu | gpu[:N] (as METASTREAM_DEVICE)</td></tr>
 * </table>
 */
public record AdaptOptions(int rank, float alpha, float loraDropout, double lr, double weightDecay,
    int batch, int steps, boolean constantRate, double warmup, ScorerOptions scorer, int negatives, int contextLength,
    int candidateLength, int tasksPerStep, boolean zeroShot, Float dropout, String device) {

  /** The default budget: optimizer steps per persona. */
  public static final int DEFAULT_STEPS = 12;
  /** The default peak learning rate. */
  public static final double DEFAULT_LR = 2e-3;

  public static AdaptOptions parse(Map<String, String> map) {
    if (map.containsKey("epochs")) {
      throw new IllegalArgumentException("few-shot option 'epochs' is gone: the budget is 'steps' "
          + "(optimizer steps per persona; epochs follow from it), e.g. steps=" + DEFAULT_STEPS);
    }
    FlatOptions o = new FlatOptions(map);
    AdaptOptions a = new AdaptOptions(o.integer("rank", 8, 1),
        (float) o.decimal("alpha", 16, 1e-6, 1e6), (float) o.decimal("lora_dropout", 0.1, 0, 0.9),
        o.decimal("lr", DEFAULT_LR, 1e-9, 1e3), o.decimal("weight_decay", 0.0, 0, 1),
        o.integer("batch", 8, 1), o.integer("steps", DEFAULT_STEPS, 1), constantRate(o),
        o.decimal("warmup", 0.1, 0, 1),
        ScorerOptions.read(o), o.integer("negatives", 3, 1), o.integer("context_len", 48, 8),
        o.integer("candidate_len", 32, 8), o.integer("tasks_per_step", 4, 1),
        o.flag("zero_shot", true), dropoutOverride(o), o.text("device", "auto"));
    o.check("few-shot");
    return a;
  }

  /** The LoRA of every held-out persona (all Linear layers). */
  public LoraConfig lora() {
    return new LoraConfig(rank, alpha, loraDropout, LoraConfig.ALL_LINEAR);
  }

  /** The learning-rate schedule of one persona's {@link #steps()} steps. */
  public LrSchedule schedule() {
    long warm = (long) Math.ceil(warmup * steps);
    return constantRate ? new LrSchedule(lr, warm, Long.MAX_VALUE)
        : LrSchedule.warmupLinearDecay(lr, warm, steps);
  }

  private static boolean constantRate(FlatOptions o) {
    return o.text("schedule", "linear", "linear", "constant").equals("constant");
  }

  static Float dropoutOverride(FlatOptions o) {
    double d = o.decimal("dropout", -1, -1, 0.9);
    return d < 0 ? null : (float) d;
  }
}
