package io.metastream.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.metastream.model.encoder.Pooling;
import io.metastream.model.lora.TaskIndex;
import io.metastream.model.text.TokenBatch;

/**
 * A bi-encoder: pooled context and candidate embeddings (each with its task's adapter), score
 * {@code bi_scale * (f(c) + u) . f(d)} (see {@link ScorerOptions}), softmax cross-entropy of each
 * context over its own gold and distractors, and with {@code in_batch_negatives=true} also over
 * the other contexts' candidates of its task (in a single-persona batch those are the same
 * persona's replies: hard negatives that teach the model to ignore what makes a reply this
 * persona's, the very signal a persona's ranking needs). Far cheaper than the cross-encoder:
 * candidates are encoded once.
 */
public final class BiEncoderScorer implements Scorer {

  /** Added to the logit of a candidate of another task: it takes no part in the softmax. */
  private static final float OTHER_TASK = -1e4f;

  private final ScorerOptions options;

  /** The default bi-encoder (mean pooling, cosine x 20, no head). */
  public BiEncoderScorer() {
    this(ScorerOptions.defaults(ScorerOptions.Kind.BI));
  }

  public BiEncoderScorer(ScorerOptions options) {
    if (options.kind() != ScorerOptions.Kind.BI) {
      throw new IllegalArgumentException("bi-encoder options expected, got " + options.kind());
    }
    this.options = options;
  }

  @Override
  public NDArray loss(ScoringModel model, TaskBatch batch, NDManager manager, boolean training) {
    NDArray logits = similarity(model, batch, manager, training);
    int[] ctx = batch.tasks();
    int[] cand = batch.secondTasks();
    int[] owners = options.inBatchNegatives() ? null : batch.secondOwners();
    int c = cand.length;
    float[] mask = new float[ctx.length * c];
    boolean mixed = false;
    for (int i = 0; i < ctx.length; i++) {
      for (int j = 0; j < c; j++) {
        if (cand[j] != ctx[i] || (owners != null && owners[j] != i)) {
          mask[i * c + j] = OTHER_TASK;
          mixed = true;
        }
      }
    }
    if (mixed) {
      logits = logits.add(manager.create(mask, new Shape(ctx.length, c)));
    }
    return Losses.perTaskCrossEntropy(logits, batch.labels(), ctx, manager);
  }

  @Override
  public NDArray scores(ScoringModel model, TaskBatch batch, NDManager manager) {
    return similarity(model, batch, manager, false);
  }

  @Override
  public int headClasses() {
    return 0;
  }

  @Override
  public boolean needsHead() {
    return options.biHead() == ScorerOptions.BiHead.VECTOR;
  }

  @Override
  public ScorerOptions options() {
    return options;
  }

  /** Pooled embeddings [N, H] of {@code tokens}, rows with tasks {@code index}. */
  public static NDArray embed(ScoringModel model, TokenBatch tokens, TaskIndex index,
      ScorerOptions.Pooling pooling, NDManager manager, boolean training) {
    NDArray hidden = model.hidden(tokens, index, manager, training);
    if (pooling == ScorerOptions.Pooling.CLS) {
      return Pooling.first(hidden);
    }
    NDArray mask = manager.create(tokens.mask(), new Shape(tokens.rows(), tokens.length()));
    return Pooling.mean(hidden, mask);
  }

  private NDArray similarity(ScoringModel model, TaskBatch batch, NDManager manager,
      boolean training) {
    if (batch.second() == null) {
      throw new IllegalArgumentException("a bi-encoder batch needs candidates (TaskBatch.dual)");
    }
    TaskIndex contextTasks = TaskIndex.of(manager, batch.tasks());
    NDArray c = embed(model, batch.first(), contextTasks, options.pooling(), manager, training);
    NDArray d = embed(model, batch.second(), TaskIndex.of(manager, batch.secondTasks()),
        options.pooling(), manager, training);
    if (options.similarity() == ScorerOptions.Similarity.COSINE) {
      c = normalized(c, manager);
      d = normalized(d, manager);
    }
    if (needsHead()) {
      if (model.heads() == null || model.heads().classes() != 0) {
        throw new IllegalStateException("bi_head=vector needs vector heads (HeadBank classes 0)");
      }
      c = c.add(model.heads().vectors(contextTasks));
    }
    // scalars as step-lived arrays: autograd may read them after DJL freed a temporary scalar
    return c.mul(manager.create(options.biScale())).matMul(d.transpose());
  }

  private static NDArray normalized(NDArray x, NDManager manager) {
    return x.div(x.norm(new int[] {1}, true).maximum(manager.create(1e-6f)));
  }
}
