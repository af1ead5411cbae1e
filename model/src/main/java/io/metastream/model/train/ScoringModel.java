package io.metastream.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.metastream.model.encoder.Encoder;
import io.metastream.model.lora.HeadBank;
import io.metastream.model.lora.LoraBank;
import io.metastream.model.lora.TaskIndex;
import io.metastream.model.text.TokenBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * A base encoder with optional per-task adapters and heads: the thing a {@link Scorer} scores
 * and a {@link Learner} trains. Holds no arrays of its own.
 *
 * @param encoder the base
 * @param adapters per-task LoRA adapters, or null for the plain base
 * @param heads per-task heads, or null when the scorer needs none
 */
public record ScoringModel(Encoder encoder, LoraBank adapters, HeadBank heads) {

  public ScoringModel {
    if (encoder == null) {
      throw new IllegalArgumentException("a scoring model needs an encoder");
    }
    if (adapters != null && heads != null && adapters.tasks() != heads.tasks()) {
      throw new IllegalArgumentException("adapters cover " + adapters.tasks()
          + " tasks but heads cover " + heads.tasks());
    }
  }

  /**
   * The base with fresh banks for {@code tasks} tasks: LoRA adapters when {@code lora} is given,
   * and the heads {@code scorer} needs (2-class classifiers, or bi-encoder vectors), in
   * {@code manager}.
   */
  public static ScoringModel create(Encoder encoder, io.metastream.model.lora.LoraConfig lora,
      Scorer scorer, int tasks, NDManager manager) {
    LoraBank adapters = lora == null ? null
        : LoraBank.create(encoder.config(), lora, tasks, manager);
    HeadBank heads = scorer.needsHead()
        ? HeadBank.create(tasks, encoder.config().hiddenSize(), scorer.headClasses(), manager)
        : null;
    return new ScoringModel(encoder, adapters, heads);
  }

  /** Frees the adapter and head banks (not the base). */
  public void closeBanks() {
    if (adapters != null) {
      adapters.close();
    }
    if (heads != null) {
      heads.close();
    }
  }

  /** Hidden states [N, L, H] of {@code tokens}, each row with its task's adapter. */
  public NDArray hidden(TokenBatch tokens, TaskIndex tasks, NDManager manager, boolean training) {
    NDList in = tokens.toNDList(manager);
    return encoder.forward(in.get(0), in.get(1), in.get(2),
        adapters == null ? null : adapters.delta(tasks), training);
  }

  /**
   * The same base with fresh adapters (B = 0) and, if this model has heads, fresh heads for
   * {@code tasks} new tasks, allocated in {@code manager}. The old banks are left alone: close
   * them when done. Build a new {@link Learner} for the new model.
   */
  public ScoringModel withFreshTasks(int tasks, io.metastream.model.lora.LoraConfig lora,
      NDManager manager) {
    LoraBank newAdapters = LoraBank.create(encoder.config(), lora, tasks, manager);
    HeadBank newHeads = heads == null ? null
        : HeadBank.create(tasks, encoder.config().hiddenSize(), heads.classes(), manager);
    return new ScoringModel(encoder, newAdapters, newHeads);
  }

  /** Every array of the model (base, adapters, heads): what a step scope must borrow. */
  public List<NDArray> allArrays() {
    List<NDArray> all = new ArrayList<>(encoder.arrays().values());
    if (adapters != null) {
      all.addAll(adapters.arrays().values());
    }
    if (heads != null) {
      all.addAll(heads.arrays().values());
    }
    return all;
  }
}
