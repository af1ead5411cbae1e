package io.metastream.learning.retrain;

import io.metastream.model.train.FlatOptions;
import io.metastream.model.train.ScorerOptions;
import java.util.Map;

/**
 * Options of every retraining algorithm ({@code RetrainRequest.options}), in one place, with defaults.
 *
 * <table>
 *   <caption>retraining options</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>model</td><td>minilm</td><td>start point when the request has no parent base:
 *       minilm | tiny | a Hugging Face directory</td></tr>
 *   <tr><td>epochs</td><td>10</td><td>passes over every task's examples</td></tr>
 *   <tr><td>max_steps</td><td>0</td><td>cap on optimiser steps (0 = none); the schedule spans the cap</td></tr>
 *   <tr><td>lr</td><td>5e-5</td><td>AdamW peak learning rate of the base</td></tr>
 *   <tr><td>task_lr</td><td>lr</td><td>peak rate of per-task adapters and heads (and SR's shared head)</td></tr>
 *   <tr><td>weight_decay</td><td>0.01</td><td>AdamW decoupled decay (not on biases, LayerNorm, vector heads)</td></tr>
 *   <tr><td>warmup</td><td>0.1</td><td>fraction of steps warming up, then linear decay to 0</td></tr>
 *   <tr><td>batch</td><td>8</td><td>contexts per mini-batch</td></tr>
 *   <tr><td>rank / alpha / lora_dropout</td><td>8 / 16 / 0.1</td><td>LoRA-ML retraining adapters</td></tr>
 *   <tr><td>max_examples_per_task</td><td>0</td><td>cap per task (0 = all), first by example id order</td></tr>
 *   <tr><td>scorer, pooling, bi_similarity, bi_scale, bi_head, cross_pooling</td>
 *       <td>bi, mean, cosine, 20, none, mean</td><td>see {@link ScorerOptions}</td></tr>
 *   <tr><td>negatives</td><td>3</td><td>distractors per context in the loss</td></tr>
 *   <tr><td>context_len / candidate_len</td><td>48 / 32</td><td>token caps</td></tr>
 *   <tr><td>tasks_per_step</td><td>1</td><td>LoRA-ML / last-layer-ML: tasks (one mini-batch each)
 *       per optimiser step; 1 is the paper's one-task-per-step</td></tr>
 *   <tr><td>sr_order</td><td>plan</td><td>SR's batches: {@code plan} = exactly LoRA-ML's step plan
 *       (the same single-persona mini-batches in the same order, so the two differ only in the
 *       per-task adapters and heads); {@code blocked} = the paper's SR (task after task, each
 *       task's batches in one block); {@code pooled} = all personas' examples pooled and
 *       shuffled into mixed batches</td></tr>
 *   <tr><td>reptile_inner_steps</td><td>20</td><td>Reptile inner AdamW steps per outer step</td></tr>
 *   <tr><td>reptile_outer_lr</td><td>1e-4</td><td>Reptile outer Adam rate on (before - adapted)</td></tr>
 *   <tr><td>dropout</td><td>(config)</td><td>override the base's hidden/attention dropout</td></tr>
 *   <tr><td>device</td><td>auto</td><td>auto | cpu | gpu[:N] (as METASTREAM_DEVICE)</td></tr>
 * </table>
 */
public record RetrainOptions(String model, int epochs, int maxSteps, double lr, double taskLr,
    double weightDecay, double warmup, int batch, int rank, float alpha, float loraDropout,
    int maxExamplesPerTask, ScorerOptions scorer, int negatives, int contextLength,
    int candidateLength, int tasksPerStep, String srOrder, int reptileInnerSteps,
    double reptileOuterLr, Float dropout, String device) {

  public static RetrainOptions parse(Map<String, String> map) {
    FlatOptions o = new FlatOptions(map);
    double lr = o.decimal("lr", 5e-5, 1e-9, 1);
    RetrainOptions r = new RetrainOptions(o.text("model", "minilm"), o.integer("epochs", 10, 1),
        o.integer("max_steps", 0, 0), lr, o.decimal("task_lr", lr, 1e-9, 1),
        o.decimal("weight_decay", 0.01, 0, 1), o.decimal("warmup", 0.1, 0, 1),
        o.integer("batch", 8, 1), o.integer("rank", 8, 1), (float) o.decimal("alpha", 16, 1e-6, 1e6),
        (float) o.decimal("lora_dropout", 0.1, 0, 0.9), o.integer("max_examples_per_task", 0, 0),
        ScorerOptions.read(o),
        o.integer("negatives", 3, 1), o.integer("context_len", 48, 8),
        o.integer("candidate_len", 32, 8), o.integer("tasks_per_step", 1, 1),
        o.text("sr_order", "plan", "plan", "blocked", "pooled"),
        o.integer("reptile_inner_steps", 20, 1), o.decimal("reptile_outer_lr", 1e-4, 1e-9, 1),
        dropoutOf(o), o.text("device", "auto"));
    o.check("retraining");
    return r;
  }

  private static Float dropoutOf(FlatOptions o) {
    double d = o.decimal("dropout", -1, -1, 0.9);
    return d < 0 ? null : (float) d;
  }

}
