package io.metastream.model.train;

import java.util.Locale;

/**
 * How a reply is scored for a context: one set of named options for both scorers.
 *
 * <ul>
 *   <li>{@code scorer=bi|cross} (default bi).
 *   <li>bi-encoder: score = {@code bi_scale} * (f(c) + u_task) . f(d), c and d the pooled context
 *       and candidate states ({@code pooling=mean|cls}, default mean), f the L2 normalisation for
 *       {@code bi_similarity=cosine} (default) or the identity for {@code dot}; u_task is the
 *       per-task vector head of {@code bi_head=vector}, absent for {@code bi_head=none} (default:
 *       a per-persona adapter is then the LoRA alone, which PEFT can carry).
 *   <li>bi-encoder training: {@code in_batch_negatives=false} (default) scores each context
 *       against its own gold and distractors only; {@code true} adds the other contexts'
 *       candidates of its task (see {@link BiEncoderScorer}).
 *   <li>cross-encoder: a per-task 2-class classifier on the pooled pair state
 *       ({@code cross_pooling=mean|cls}, default mean); the score is the class-1 logit.
 * </ul>
 *
 * @param kind which scorer
 * @param pooling bi-encoder pooling
 * @param similarity bi-encoder similarity
 * @param biScale bi-encoder logit scale (a temperature of 1/20 with cosine: 20)
 * @param biHead bi-encoder per-task head
 * @param crossPooling cross-encoder pooling of the pair state
 * @param inBatchNegatives whether a bi-encoder context's loss also ranks the other contexts'
 *     candidates of its task
 */
public record ScorerOptions(Kind kind, Pooling pooling, Similarity similarity, float biScale,
    BiHead biHead, Pooling crossPooling, boolean inBatchNegatives) {

  /** Bi-encoder (two towers, candidates encoded once) or cross-encoder (pair classification). */
  public enum Kind { BI, CROSS }

  /** Sentence pooling: mean of the real tokens, or the first ([CLS] / {@code <s>}) token. */
  public enum Pooling { MEAN, CLS }

  /** Bi-encoder similarity. */
  public enum Similarity { COSINE, DOT }

  /** Bi-encoder per-task head: none, or a vector u added to the context embedding. */
  public enum BiHead { NONE, VECTOR }

  /** Option keys read by {@link #read}. */
  public static final String[] KEYS = {"scorer", "pooling", "bi_similarity", "bi_scale", "bi_head",
      "cross_pooling", "in_batch_negatives"};

  public ScorerOptions {
    if (kind == null || pooling == null || similarity == null || biHead == null
        || crossPooling == null) {
      throw new IllegalArgumentException("every scorer option needs a value");
    }
    if (!(biScale > 0) || Float.isInfinite(biScale)) {
      throw new IllegalArgumentException("bi_scale must be a positive finite number, got "
          + biScale);
    }
  }

  /** The defaults: mean pooling, cosine x 20, no bi head, mean-pooled cross head. */
  public static ScorerOptions defaults(Kind kind) {
    return new ScorerOptions(kind, Pooling.MEAN, Similarity.COSINE, 20f, BiHead.NONE,
        Pooling.MEAN, false);
  }

  /** Reads the scorer keys from {@code o} (problems are reported by {@code o.check}). */
  public static ScorerOptions read(FlatOptions o) {
    Kind kind = Kind.valueOf(upper(o.text("scorer", "bi", "bi", "cross")));
    Pooling pooling = Pooling.valueOf(upper(o.text("pooling", "mean", "mean", "cls")));
    Similarity sim = Similarity.valueOf(upper(o.text("bi_similarity", "cosine", "cosine", "dot")));
    float scale = (float) o.decimal("bi_scale", 20, 1e-6, 1e6);
    BiHead head = BiHead.valueOf(upper(o.text("bi_head", "none", "none", "vector")));
    Pooling cross = Pooling.valueOf(upper(o.text("cross_pooling", "mean", "mean", "cls")));
    boolean inBatch = o.flag("in_batch_negatives", false);
    return new ScorerOptions(kind, pooling, sim, Math.max(scale, 1e-6f), head, cross, inBatch);
  }

  /** Whether each task carries a head (cross classifier, or the bi vector). */
  public boolean hasHead() {
    return kind == Kind.CROSS || biHead == BiHead.VECTOR;
  }

  /** The same options with a per-task vector head on the bi-encoder. */
  public ScorerOptions withVectorHead() {
    return new ScorerOptions(kind, pooling, similarity, biScale, BiHead.VECTOR, crossPooling,
        inBatchNegatives);
  }

  /** The scorer these options describe. */
  public Scorer scorer() {
    return kind == Kind.BI ? new BiEncoderScorer(this) : new CrossEncoderScorer(this);
  }

  private static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }
}
