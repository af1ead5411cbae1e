package io.metastream.learning.adapt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.LinearDelta;
import io.metastream.model.encoder.LinearTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A bank of per-task trainable parts: an optional rank-r LoRA on every encoder Linear layer and a
 * head, one "slot" per task. Slots are created once and persist (the retraining round's adapter
 * banks, or the held-out personas of the few-shot protocol).
 *
 * <p>LoRA as in PEFT: {@code y = W x + (alpha / r) * B A dropout(x)}, A Kaiming-uniform
 * (bound 1/sqrt(in)), B = 0, so an untrained adapter changes nothing. Each slot's tensors are
 * separate leaves; a batch mixing several tasks stacks the tensors of its slots and gathers them
 * per row, so many personas train in one forward pass while each keeps its own gradient.
 *
 * <p>Heads: {@link HeadKind#BI} is a persona vector u added to the normalised context embedding
 * (score = scale * (c + u) . d; u = 0 at start, so a fresh head keeps the base's ranking);
 * {@link HeadKind#CROSS} is a 2-class classifier on the mean-pooled pair state (random init).
 */
public final class TaskBank implements AutoCloseable {

  /** Which head each slot carries. */
  public enum HeadKind { BI, CROSS }

  private final NDManager manager;
  private final EncoderConfig config;
  private final int rank;
  private final float scale;
  private final float dropout;
  private final HeadKind headKind;
  private final List<Map<String, NDArray>> slots = new ArrayList<>();

  /**
   * @param parent manager the bank's own sub-manager is created under
   * @param rank LoRA rank, 0 for heads only (SR, last-layer-ML)
   * @param alpha LoRA alpha (scale = alpha / rank)
   * @param dropout LoRA input dropout while training
   * @param slotCount number of tasks
   * @param seed seeds the adapters' and heads' initial values (plain Java RNG: reproducible)
   */
  public TaskBank(NDManager parent, EncoderConfig config, int rank, float alpha, float dropout,
      HeadKind headKind, int slotCount, long seed) {
    if (rank < 0 || slotCount < 1) {
      throw new IllegalArgumentException("need rank >= 0 and at least one slot, got rank " + rank
          + ", slots " + slotCount);
    }
    this.manager = parent.newSubManager();
    this.config = config;
    this.rank = rank;
    this.scale = rank == 0 ? 0f : alpha / rank;
    this.dropout = dropout;
    this.headKind = headKind;
    SplittableRandom random = new SplittableRandom(seed);
    for (int s = 0; s < slotCount; s++) {
      slots.add(newSlot(random.split()));
    }
  }

  private Map<String, NDArray> newSlot(SplittableRandom random) {
    Map<String, NDArray> slot = new LinkedHashMap<>();
    int h = config.hiddenSize();
    if (rank > 0) {
      for (int layer = 0; layer < config.numLayers(); layer++) {
        for (LinearTarget t : LinearTarget.values()) {
          int in = t.inFeatures(config);
          int out = t.outFeatures(config);
          slot.put(key(layer, t, "A"), leaf(uniform(random, rank * in, 1 / Math.sqrt(in)),
              new Shape(rank, in)));
          slot.put(key(layer, t, "B"), leaf(new float[out * rank], new Shape(out, rank)));
        }
      }
    }
    if (headKind == HeadKind.BI) {
      slot.put("head.u", leaf(new float[h], new Shape(h)));
    } else {
      slot.put("head.weight", leaf(uniform(random, 2 * h, 1 / Math.sqrt(h)), new Shape(2, h)));
      slot.put("head.bias", leaf(new float[2], new Shape(2)));
    }
    return slot;
  }

  private NDArray leaf(float[] values, Shape shape) {
    NDArray a = manager.create(values, shape);
    a.setRequiresGradient(true);
    return a;
  }

  private static float[] uniform(SplittableRandom random, int n, double bound) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
    }
    return v;
  }

  static String key(int layer, LinearTarget t, String ab) {
    return t.modulePath(layer) + ".lora_" + ab;
  }

  public int slotCount() {
    return slots.size();
  }

  public int rank() {
    return rank;
  }

  public HeadKind headKind() {
    return headKind;
  }

  /** The trainable arrays of one slot (adapters and head), live, by name. */
  public Map<String, NDArray> slot(int slot) {
    return java.util.Collections.unmodifiableMap(slots.get(slot));
  }

  /** The trainable arrays of the given slots. */
  public List<NDArray> arrays(List<Integer> slotIds) {
    List<NDArray> out = new ArrayList<>();
    for (int s : slotIds) {
      out.addAll(slots.get(s).values());
    }
    return out;
  }

  /**
   * A LoRA hook for one forward pass: row i of the batch uses slot {@code slotIds.get(rowSlot[i])}.
   * Returns {@code null} (plain base) when the bank has no adapters.
   */
  public LinearDelta delta(NDManager step, List<Integer> slotIds, int[] rowSlot) {
    if (rank == 0) {
      return null;
    }
    NDArray rows = slotIds.size() == 1 ? null : rowIndex(step, rowSlot, slotIds.size());
    // a step-lived scalar: DJL's mul(Number) frees its temporary scalar at once, while autograd
    // may still read it during backward
    NDArray scaleArray = step.create(scale);
    return (layer, target, input, training) -> {
      NDArray a = gathered(slotIds, key(layer, target, "A"), rows);
      NDArray b = gathered(slotIds, key(layer, target, "B"), rows);
      NDArray x = training && dropout > 0
          ? Dropout.dropout(input, dropout, true).singletonOrThrow() : input;
      if (rows == null) {
        return x.matMul(a.transpose()).matMul(b.transpose()).mul(scaleArray);
      }
      return x.matMul(a.transpose(0, 2, 1)).matMul(b.transpose(0, 2, 1)).mul(scaleArray);
    };
  }

  /** Per-row head parameters: [N, ...] gathered from the slots (or the single slot's array). */
  public NDArray headRows(NDManager step, List<Integer> slotIds, int[] rowSlot, String name) {
    NDArray rows = rowIndex(step, rowSlot, slotIds.size());
    return select(slotIds, name, rows);
  }

  private NDArray gathered(List<Integer> slotIds, String name, NDArray rows) {
    if (rows == null) {
      return slots.get(slotIds.get(0)).get(name);
    }
    return select(slotIds, name, rows);
  }

  /**
   * Row i gets slot rowSlot[i]'s tensor: a one-hot [N, K] times the stacked [K, numel] slots.
   * Why a matmul rather than an index gather: it is plainly differentiable, with one gradient
   * per slot, and costs little (K and the adapters are small).
   */
  private NDArray select(List<Integer> slotIds, String name, NDArray rows) {
    NDList stack = new NDList();
    for (int s : slotIds) {
      stack.add(slots.get(s).get(name));
    }
    NDArray stacked = NDArrays.stack(stack);
    Shape one = stacked.getShape().slice(1);
    NDArray flat = stacked.reshape(slotIds.size(), one.size());
    long n = rows.getShape().get(0);
    return rows.matMul(flat).reshape(new Shape(n).addAll(one));
  }

  /** One-hot [N, K] float rows selecting each row's slot. */
  private static NDArray rowIndex(NDManager step, int[] rowSlot, int slots) {
    float[] hot = new float[rowSlot.length * slots];
    for (int i = 0; i < rowSlot.length; i++) {
      hot[i * slots + rowSlot[i]] = 1f;
    }
    return step.create(hot, new Shape(rowSlot.length, slots));
  }

  @Override
  public void close() {
    manager.close();
  }
}
