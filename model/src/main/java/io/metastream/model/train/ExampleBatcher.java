package io.metastream.model.train;

import io.metastream.domain.ConversationExample;
import io.metastream.model.text.Encoded;
import io.metastream.model.text.TextCodec;
import io.metastream.model.text.TokenBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns tasks' conversation examples into the {@link TaskBatch} a {@link Scorer} needs, for
 * training (each example's gold reply and {@code negatives} distractors) and for ranking (each
 * example's own candidates). Rows keep the order of the parts, so a step whose tasks bring
 * mini-batches of equal size forms the blocks the banks route fastest.
 *
 * <p>Distractors are drawn from the example's own candidates when it has some, else from the
 * other replies of the step.
 */
public final class ExampleBatcher {

  private final TextCodec codec;
  private final ScorerOptions.Kind kind;
  private final int negatives;

  public ExampleBatcher(TextCodec codec, ScorerOptions.Kind kind, int negatives) {
    if (negatives < 1) {
      throw new IllegalArgumentException("negatives must be >= 1, got " + negatives);
    }
    this.codec = codec;
    this.kind = kind;
    this.negatives = negatives;
  }

  /** A ranking batch and how to split its flat scores back into each example's candidates. */
  public record Ranked(TaskBatch batch, ScorerOptions.Kind kind, int[] owner, int[] counts,
      int[] gold) {

    /** Scores of each example's candidates (in {@link #candidatesOf} order). */
    public float[][] perExample(float[] flat) {
      float[] own = flat;
      if (kind == ScorerOptions.Kind.BI) {
        int c = owner.length;
        own = new float[c];
        for (int j = 0; j < c; j++) {
          own[j] = flat[owner[j] * c + j];
        }
      }
      float[][] out = new float[counts.length][];
      int at = 0;
      for (int i = 0; i < counts.length; i++) {
        out[i] = Arrays.copyOfRange(own, at, at + counts[i]);
        at += counts[i];
      }
      return out;
    }
  }

  /** The candidates an example is ranked among (its own, or just the gold); the gold is there. */
  public static List<String> candidatesOf(ConversationExample e) {
    return e.hasCandidates() ? e.candidates() : List.of(e.reply());
  }

  /** A training batch: every example's gold and distractors, drawn with {@code random}. */
  public TaskBatch training(List<TaskExamples> parts, SplittableRandom random) {
    List<ConversationExample> examples = new ArrayList<>();
    List<Integer> exTask = new ArrayList<>();
    for (TaskExamples p : parts) {
      for (ConversationExample e : p.examples()) {
        examples.add(e);
        exTask.add(p.task());
      }
    }
    List<String> cands = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    int[] gold = new int[examples.size()];
    for (int i = 0; i < examples.size(); i++) {
      gold[i] = cands.size();
      cands.add(examples.get(i).reply());
      owner.add(i);
      for (String d : distractors(examples, i, random)) {
        cands.add(d);
        owner.add(i);
      }
    }
    int[] tasks = exTask.stream().mapToInt(Integer::intValue).toArray();
    int[] own = owner.stream().mapToInt(Integer::intValue).toArray();
    TaskBatch batch = build(examples, tasks, cands, own, gold);
    return kind == ScorerOptions.Kind.BI ? batch.withOwners(own) : batch;
  }

  /**
   * One training step of {@code learner} on {@code parts}: re-seeds the engine's generator from
   * {@code random} (dropout masks then depend on the caller's seed alone), draws the distractors
   * and steps with rates {@code baseLr} and {@code taskLr}. Returns the mean task loss.
   */
  public double trainStep(Learner learner, List<TaskExamples> parts, double baseLr,
      java.util.function.IntToDoubleFunction taskLr, SplittableRandom random) {
    ai.djl.engine.Engine.getInstance().setRandomSeed(random.nextInt());
    return learner.step(training(parts, random), baseLr, taskLr);
  }

  /** A ranking batch over every example's own candidates. */
  public Ranked ranking(List<TaskExamples> parts) {
    List<ConversationExample> examples = new ArrayList<>();
    List<Integer> exTask = new ArrayList<>();
    List<String> cands = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    List<Integer> gold = new ArrayList<>();
    for (TaskExamples p : parts) {
      for (ConversationExample e : p.examples()) {
        List<String> mine = candidatesOf(e);
        gold.add(cands.size() + Math.max(0, mine.indexOf(e.reply())));
        for (String c : mine) {
          cands.add(c);
          owner.add(examples.size());
        }
        counts.add(mine.size());
        examples.add(e);
        exTask.add(p.task());
      }
    }
    int[] tasks = exTask.stream().mapToInt(Integer::intValue).toArray();
    int[] own = owner.stream().mapToInt(Integer::intValue).toArray();
    int[] golds = gold.stream().mapToInt(Integer::intValue).toArray();
    return new Ranked(build(examples, tasks, cands, own, golds), kind, own,
        counts.stream().mapToInt(Integer::intValue).toArray(), golds);
  }

  private TaskBatch build(List<ConversationExample> examples, int[] tasks, List<String> cands,
      int[] owner, int[] gold) {
    int[] candTasks = new int[cands.size()];
    for (int j = 0; j < candTasks.length; j++) {
      candTasks[j] = tasks[owner[j]];
    }
    if (kind == ScorerOptions.Kind.BI) {
      List<Encoded> contexts = new ArrayList<>();
      for (ConversationExample e : examples) {
        contexts.add(codec.context(e.context()));
      }
      List<Encoded> candidates = new ArrayList<>();
      for (String c : cands) {
        candidates.add(codec.candidate(c));
      }
      return TaskBatch.dual(tasks, TokenBatch.pad(contexts, codec.padId()),
          TokenBatch.pad(candidates, codec.padId()), candTasks, gold);
    }
    List<Encoded> pairs = new ArrayList<>();
    int[] labels = new int[cands.size()];
    for (int j = 0; j < cands.size(); j++) {
      pairs.add(codec.pair(examples.get(owner[j]).context(), cands.get(j)));
    }
    for (int g : gold) {
      labels[g] = 1;
    }
    return TaskBatch.pairs(candTasks, TokenBatch.pad(pairs, codec.padId()), labels);
  }

  private List<String> distractors(List<ConversationExample> examples, int i,
      SplittableRandom r) {
    ConversationExample e = examples.get(i);
    List<String> pool = new ArrayList<>();
    if (e.hasCandidates()) {
      for (String c : e.candidates()) {
        if (!c.equals(e.reply())) {
          pool.add(c);
        }
      }
    } else {
      for (int j = 0; j < examples.size(); j++) {
        if (j != i && !examples.get(j).reply().equals(e.reply())) {
          pool.add(examples.get(j).reply());
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (int k = 0; k < negatives && !pool.isEmpty(); k++) {
      out.add(pool.remove(r.nextInt(pool.size())));
    }
    return out;
  }
}
