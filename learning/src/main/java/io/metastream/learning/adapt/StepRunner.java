package io.metastream.learning.adapt;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.metastream.domain.ConversationExample;
import io.metastream.model.encoder.Encoder;
import io.metastream.model.encoder.Scope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/**
 * Runs training steps and scoring passes of an encoder plus a {@link TaskBank}: forward and backward
 * in a per-step scope (no native growth), then AdamW on the base (if trainable) and on the slots
 * present in the step. Several tasks may share one step: each brings its own mini-batch.
 */
public final class StepRunner {

  /** One task's part of a step: its bank slot and its mini-batch. */
  public record Part(int slot, List<ConversationExample> examples) {
    public Part {
      examples = List.copyOf(examples);
      if (examples.isEmpty()) {
        throw new IllegalArgumentException("a step part needs at least one example");
      }
    }
  }

  private final NDManager root;
  private final Encoder encoder;
  private final TaskBank bank;
  private final Scorer scorer;
  private final AdamW optimizer;
  private final boolean trainBase;

  /**
   * @param root manager under which per-step scopes open (the encoder's or a parent of it)
   * @param optimizer the optimiser (its state persists across steps, per array)
   * @param trainBase whether the base encoder's weights are updated (false: frozen)
   */
  public StepRunner(NDManager root, Encoder encoder, TaskBank bank, Scorer scorer,
      AdamW optimizer, boolean trainBase) {
    this.root = root;
    this.encoder = encoder;
    this.bank = bank;
    this.scorer = scorer;
    this.optimizer = optimizer;
    this.trainBase = trainBase;
    encoder.setTrainable(trainBase);
  }

  public Encoder encoder() {
    return encoder;
  }

  public TaskBank bank() {
    return bank;
  }

  public NDManager root() {
    return root;
  }

  public Scorer scorer() {
    return scorer;
  }

  public AdamW optimizer() {
    return optimizer;
  }

  /**
   * One optimiser step.
   *
   * @param baseLr learning rate of the base encoder
   * @param slotLr learning rate of each slot's adapter and head
   * @return the mean over the step's tasks of their mini-batch loss
   */
  public double train(List<Part> parts, double baseLr, IntToDoubleFunction slotLr,
      SplittableRandom random) {
    Layout layout = Layout.of(parts);
    // dropout draws from PyTorch's global generator; re-seeding it from the step's own random
    // makes every step's masks a function of the caller's seed alone
    Engine.getInstance().setRandomSeed(random.nextInt());
    double loss;
    try (Scope scope = Scope.open(root, attached(layout.slots))) {
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        long t0 = System.nanoTime();
        NDArray l = scorer.loss(encoder, bank, scope.manager(), layout.slots, layout.examples,
            layout.exSlot, random);
        loss = l.getFloat() / layout.slots.size();
        long t1 = System.nanoTime();
        gc.backward(l);
        long t2 = System.nanoTime();
        if (Boolean.getBoolean("metastream.profile")) {
          System.out.printf("fwd %.2f s bwd %.2f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        }
      }
    }
    if (trainBase) {
      optimizer.step(encoder.arrays().values(), baseLr);
    }
    for (int s : layout.slots) {
      optimizer.step(bank.slot(s).values(), slotLr.applyAsDouble(s));
    }
    return loss;
  }

  /** Scores every example's candidates (no gradient, no dropout). */
  public float[][] score(List<Part> parts) {
    Layout layout = Layout.of(parts);
    try (Scope scope = Scope.open(root, attached(layout.slots))) {
      return scorer.score(encoder, bank, scope.manager(), layout.slots, layout.examples,
          layout.exSlot);
    }
  }

  private Collection<NDArray> attached(List<Integer> slots) {
    List<NDArray> arrays = new ArrayList<>(encoder.arrays().values());
    arrays.addAll(bank.arrays(slots));
    return arrays;
  }

  /** Flattened examples with, for each, the position of its slot in the step's slot list. */
  private record Layout(List<Integer> slots, List<ConversationExample> examples, int[] exSlot) {
    static Layout of(List<Part> parts) {
      List<Integer> slots = new ArrayList<>();
      List<ConversationExample> examples = new ArrayList<>();
      List<Integer> exSlot = new ArrayList<>();
      for (Part p : parts) {
        int pos = slots.indexOf(p.slot());
        if (pos < 0) {
          pos = slots.size();
          slots.add(p.slot());
        }
        for (ConversationExample e : p.examples()) {
          examples.add(e);
          exSlot.add(pos);
        }
      }
      return new Layout(slots, examples, exSlot.stream().mapToInt(Integer::intValue).toArray());
    }
  }
}
