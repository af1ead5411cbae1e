package io.metastream.model.lora;

import io.metastream.model.encoder.LinearTarget;
import java.util.EnumSet;
import java.util.Set;

/**
 * LoRA hyper-parameters: {@code y = W x + b + (alpha / rank) * B A dropout(x)}.
 *
 * @param rank r, the adapter rank
 * @param alpha scaling numerator (scale = alpha / rank)
 * @param dropout dropout on the adapter input, training only
 * @param targets which Linear layers of every transformer layer get an adapter
 */
public record LoraConfig(int rank, float alpha, float dropout, Set<LinearTarget> targets) {

  /** Every Linear of the encoder (q, k, v, attention output, intermediate, output). */
  public static final Set<LinearTarget> ALL_LINEAR = EnumSet.allOf(LinearTarget.class);
  /** The original LoRA choice: query and value only. */
  public static final Set<LinearTarget> QUERY_VALUE =
      EnumSet.of(LinearTarget.QUERY, LinearTarget.VALUE);

  public LoraConfig {
    if (rank <= 0) {
      throw new IllegalArgumentException("LoRA rank must be > 0, got " + rank);
    }
    if (!(alpha > 0)) {
      throw new IllegalArgumentException("LoRA alpha must be > 0, got " + alpha);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("LoRA dropout must be in [0, 1), got " + dropout);
    }
    if (targets == null || targets.isEmpty()) {
      throw new IllegalArgumentException("LoRA needs at least one target Linear");
    }
    targets = Set.copyOf(targets);
  }

  /** Rank r on every Linear, alpha 16, dropout 0.1 (the paper's defaults). */
  public static LoraConfig of(int rank) {
    return new LoraConfig(rank, 16f, 0.1f, ALL_LINEAR);
  }

  /** The LoRA scale alpha / r. */
  public float scale() {
    return alpha / rank;
  }

  /** A copy with another dropout (0 for deterministic tests). */
  public LoraConfig withDropout(float newDropout) {
    return new LoraConfig(rank, alpha, newDropout, targets);
  }

  /** A copy with other targets. */
  public LoraConfig withTargets(Set<LinearTarget> newTargets) {
    return new LoraConfig(rank, alpha, dropout, newTargets);
  }
}
