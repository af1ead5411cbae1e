package io.metastream.model.bench;

import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.LinearTarget;
import io.metastream.model.lora.LoraConfig;

/**
 * Matrix-multiply FLOPs of one encoder training step (forward + backward), counted honestly:
 *
 * <ul>
 *   <li>Linear layers, P = layers * (4 H^2 + 2 H F) weights: forward 2 P per token; backward
 *       2 P per token for input gradients, plus 2 P per token for weight gradients only when the
 *       base is trained. So 6 P per token (trainable base) or 4 P (frozen base).
 *   <li>Attention scores and mixing (no weights): forward 4 S H per token per layer (QK^T and
 *       PV, S = padded sequence length), backward twice that: 12 S H per token per layer.
 *   <li>LoRA: per adapted Linear, x A^T and (.) B^T: 2 r (in + out) per token forward, always
 *       trained: 6 r (in + out) per token.
 *   <li>Not counted: embeddings, LayerNorm, softmax, GELU, the head, the optimizer (all
 *       memory-bound, small next to the matmuls), so the achieved figure is conservative.
 * </ul>
 */
public final class FlopCount {

  private FlopCount() {}

  /**
   * FLOPs of one step over {@code tokens} tokens padded to {@code seqLen}.
   *
   * @param lora adapters config, or null for none
   */
  public static double trainingStep(EncoderConfig c, LoraConfig lora, boolean trainBase,
      long tokens, long seqLen) {
    double h = c.hiddenSize();
    double p = c.numLayers() * (4 * h * h + 2 * h * c.intermediateSize());
    double linear = (trainBase ? 6 : 4) * p;
    double attention = 12.0 * seqLen * h * c.numLayers();
    double adapters = 0;
    if (lora != null) {
      for (LinearTarget t : lora.targets()) {
        adapters += 6.0 * lora.rank() * (t.inFeatures(c) + t.outFeatures(c)) * c.numLayers();
      }
    }
    return (linear + attention + adapters) * tokens;
  }

  /** FLOPs of one forward pass (scoring: no backward) over {@code tokens} padded to seqLen. */
  public static double forward(EncoderConfig c, LoraConfig lora, long tokens, long seqLen) {
    double h = c.hiddenSize();
    double p = c.numLayers() * (4 * h * h + 2 * h * c.intermediateSize());
    double attention = 4.0 * seqLen * h * c.numLayers();
    double adapters = 0;
    if (lora != null) {
      for (LinearTarget t : lora.targets()) {
        adapters += 2.0 * lora.rank() * (t.inFeatures(c) + t.outFeatures(c)) * c.numLayers();
      }
    }
    return (2 * p + attention + adapters) * tokens;
  }

  /** Training-step FLOPs of a whole batch: both token batches of a bi-encoder batch. */
  public static double trainingStep(EncoderConfig c, LoraConfig lora, boolean trainBase,
      io.metastream.model.train.TaskBatch batch) {
    double f = trainingStep(c, lora, trainBase, cells(batch.first()), batch.first().length());
    if (batch.second() != null) {
      f += trainingStep(c, lora, trainBase, cells(batch.second()), batch.second().length());
    }
    return f;
  }

  /** Forward FLOPs of a whole batch. */
  public static double forward(EncoderConfig c, LoraConfig lora,
      io.metastream.model.train.TaskBatch batch) {
    double f = forward(c, lora, cells(batch.first()), batch.first().length());
    if (batch.second() != null) {
      f += forward(c, lora, cells(batch.second()), batch.second().length());
    }
    return f;
  }

  /** Padded tokens of a batch (what the engine computes on). */
  public static long cells(io.metastream.model.text.TokenBatch b) {
    return (long) b.rows() * b.length();
  }

  /** Padded tokens of a whole task batch. */
  public static long cells(io.metastream.model.train.TaskBatch batch) {
    return cells(batch.first()) + (batch.second() == null ? 0 : cells(batch.second()));
  }
}
