package io.metastream.learning.adapt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.metastream.domain.ConversationExample;
import io.metastream.model.encoder.Encoder;
import io.metastream.model.encoder.LinearDelta;
import io.metastream.model.encoder.Pooling;
import io.metastream.model.text.Encoded;
import io.metastream.model.text.TokenBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The two ways of scoring a reply for a context, each with its training loss.
 *
 * <ul>
 *   <li>BI: score = {@value #BI_SCALE} * (norm(ctx) + u_task) . norm(cand), mean-pooled; the loss is a
 *       softmax over the example's gold, {@code negatives} of its own distractors and the other
 *       candidates of the same task in the batch.
 *   <li>CROSS (the paper's): each (context, candidate) pair is a 2-class classification of the
 *       mean-pooled pair state; the loss is cross-entropy over the gold pair and {@code negatives}
 *       distractor pairs; the score is the class-1 logit.
 * </ul>
 * Every loss is the sum over the batch's tasks of that task's mean loss, so each task's adapter and
 * head receive exactly its own mini-batch gradient when tasks share a step.
 */
public final class Scorer {

  /** Scorer kind, as named in options ({@code scorer=bi|cross}). */
  public enum Kind { BI, CROSS }

  static final float BI_SCALE = 20f;

  private final Kind kind;
  private final TextCodec codec;
  private final int negatives;

  public Scorer(Kind kind, TextCodec codec, int negatives) {
    if (negatives < 1) {
      throw new IllegalArgumentException("negatives must be >= 1, got " + negatives);
    }
    this.kind = kind;
    this.codec = codec;
    this.negatives = negatives;
  }

  public Kind kind() {
    return kind;
  }

  /** The head the bank must carry for this scorer. */
  public TaskBank.HeadKind headKind() {
    return kind == Kind.BI ? TaskBank.HeadKind.BI : TaskBank.HeadKind.CROSS;
  }

  /**
   * Training loss of one step.
   *
   * @param slotIds bank slots present in the step
   * @param exSlot for each example, its position in {@code slotIds}
   * @param random draws the distractors (seeded by the caller: reproducible)
   */
  public NDArray loss(Encoder encoder, TaskBank bank, NDManager step, List<Integer> slotIds,
      List<ConversationExample> examples, int[] exSlot, SplittableRandom random) {
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
    float[] weight = taskWeights(exSlot, slotIds.size());
    return kind == Kind.BI
        ? biLoss(encoder, bank, step, slotIds, examples, exSlot, cands, owner, gold, weight)
        : crossLoss(encoder, bank, step, slotIds, examples, exSlot, cands, owner, gold, weight);
  }

  /** Scores of each example's candidates (its own 20, or just the gold if it has none). */
  public float[][] score(Encoder encoder, TaskBank bank, NDManager step, List<Integer> slotIds,
      List<ConversationExample> examples, int[] exSlot) {
    List<String> cands = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      for (String c : candidatesOf(examples.get(i))) {
        cands.add(c);
        owner.add(i);
      }
    }
    float[] flat;
    if (kind == Kind.BI) {
      NDArray q = contextVectors(encoder, bank, step, slotIds, examples, exSlot, false);
      NDArray d = candidateVectors(encoder, bank, step, slotIds, cands, owner, exSlot, false);
      float[] all = q.matMul(d.transpose()).toFloatArray();
      flat = new float[cands.size()];
      for (int j = 0; j < flat.length; j++) {
        flat[j] = all[owner.get(j) * cands.size() + j];
      }
    } else {
      NDArray logits = pairLogits(encoder, bank, step, slotIds, examples, exSlot, cands, owner, false);
      flat = logits.get(":, 1").toFloatArray();
    }
    float[][] out = new float[examples.size()][];
    int at = 0;
    for (int i = 0; i < examples.size(); i++) {
      int n = candidatesOf(examples.get(i)).size();
      out[i] = java.util.Arrays.copyOfRange(flat, at, at + n);
      at += n;
    }
    return out;
  }

  /** The candidates an example is ranked among; the gold is among them. */
  public static List<String> candidatesOf(ConversationExample e) {
    return e.hasCandidates() ? e.candidates() : List.of(e.reply());
  }

  private NDArray biLoss(Encoder encoder, TaskBank bank, NDManager step, List<Integer> slotIds,
      List<ConversationExample> examples, int[] exSlot, List<String> cands, List<Integer> owner,
      int[] gold, float[] weight) {
    NDArray q = contextVectors(encoder, bank, step, slotIds, examples, exSlot, true);
    NDArray d = candidateVectors(encoder, bank, step, slotIds, cands, owner, exSlot, true);
    int b = examples.size();
    int c = cands.size();
    float[] mask = new float[b * c];
    float[] pick = new float[b * c];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < c; j++) {
        boolean sameTask = exSlot[owner.get(j)] == exSlot[i];
        mask[i * c + j] = sameTask ? 0f : -1e4f;
      }
      pick[i * c + gold[i]] = weight[i];
    }
    NDArray logits = q.matMul(d.transpose()).add(step.create(mask, new Shape(b, c)));
    return logits.logSoftmax(1).mul(step.create(pick, new Shape(b, c))).sum().neg();
  }

  private NDArray crossLoss(Encoder encoder, TaskBank bank, NDManager step, List<Integer> slotIds,
      List<ConversationExample> examples, int[] exSlot, List<String> cands, List<Integer> owner,
      int[] gold, float[] weight) {
    NDArray logits = pairLogits(encoder, bank, step, slotIds, examples, exSlot, cands, owner, true);
    int p = cands.size();
    float[] pick = new float[p * 2];
    int[] perExample = new int[examples.size()];
    owner.forEach(o -> perExample[o]++);
    java.util.Set<Integer> golds = new java.util.HashSet<>();
    for (int g : gold) {
      golds.add(g);
    }
    for (int j = 0; j < p; j++) {
      int o = owner.get(j);
      pick[j * 2 + (golds.contains(j) ? 1 : 0)] = weight[o] / perExample[o];
    }
    return logits.logSoftmax(1).mul(step.create(pick, new Shape(p, 2))).sum().neg();
  }

  private NDArray contextVectors(Encoder encoder, TaskBank bank, NDManager step,
      List<Integer> slotIds, List<ConversationExample> examples, int[] exSlot, boolean training) {
    List<Encoded> seqs = new ArrayList<>();
    for (ConversationExample e : examples) {
      seqs.add(codec.context(e.context()));
    }
    NDArray c = embed(encoder, step, seqs, bank.delta(step, slotIds, exSlot), training);
    NDArray u = bank.headRows(step, slotIds, exSlot, "head.u");
    return c.add(u).mul(step.create(BI_SCALE));
  }

  private NDArray candidateVectors(Encoder encoder, TaskBank bank, NDManager step,
      List<Integer> slotIds, List<String> cands, List<Integer> owner, int[] exSlot,
      boolean training) {
    List<Encoded> seqs = new ArrayList<>();
    int[] rowSlot = new int[cands.size()];
    for (int j = 0; j < cands.size(); j++) {
      seqs.add(codec.candidate(cands.get(j)));
      rowSlot[j] = exSlot[owner.get(j)];
    }
    return embed(encoder, step, seqs, bank.delta(step, slotIds, rowSlot), training);
  }

  private NDArray pairLogits(Encoder encoder, TaskBank bank, NDManager step, List<Integer> slotIds,
      List<ConversationExample> examples, int[] exSlot, List<String> cands, List<Integer> owner,
      boolean training) {
    List<Encoded> seqs = new ArrayList<>();
    int[] rowSlot = new int[cands.size()];
    for (int j = 0; j < cands.size(); j++) {
      seqs.add(codec.pair(examples.get(owner.get(j)).context(), cands.get(j)));
      rowSlot[j] = exSlot[owner.get(j)];
    }
    TokenBatch batch = TokenBatch.pad(seqs, codec.padId());
    NDList in = batch.toNDList(step);
    NDArray hidden = encoder.forward(in.get(0), in.get(1), in.get(2),
        bank.delta(step, slotIds, rowSlot), training);
    NDArray pooled = Pooling.mean(hidden, in.get(1));
    NDArray w = bank.headRows(step, slotIds, rowSlot, "head.weight");
    NDArray b = bank.headRows(step, slotIds, rowSlot, "head.bias");
    long n = pooled.getShape().get(0);
    return w.matMul(pooled.expandDims(2)).reshape(n, 2).add(b);
  }

  private NDArray embed(Encoder encoder, NDManager step, List<Encoded> seqs, LinearDelta delta,
      boolean training) {
    TokenBatch batch = TokenBatch.pad(seqs, codec.padId());
    NDList in = batch.toNDList(step);
    NDArray hidden = encoder.forward(in.get(0), in.get(1), in.get(2), delta, training);
    NDArray pooled = Pooling.mean(hidden, in.get(1));
    // scalars as step-lived arrays: autograd may read them after DJL freed a temporary scalar
    return pooled.div(pooled.norm(new int[] {1}, true).maximum(step.create(1e-6f)));
  }

  private List<String> distractors(List<ConversationExample> examples, int i, SplittableRandom r) {
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

  /** 1 / (examples of the same task), so the sum over a task's rows is that task's mean. */
  private static float[] taskWeights(int[] exSlot, int slots) {
    int[] count = new int[slots];
    for (int s : exSlot) {
      count[s]++;
    }
    float[] w = new float[exSlot.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = 1f / count[exSlot[i]];
    }
    return w;
  }
}
