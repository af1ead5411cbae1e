package io.metastream.model.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.EncoderWeights;
import io.metastream.model.encoder.LinearDelta;
import io.metastream.model.encoder.LinearTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * T per-task LoRA adapters stored stacked: for each targeted Linear, {@code A: [T, r, in]}
 * (Kaiming-uniform, bound 1/sqrt(in), as PEFT) and {@code B: [T, out, r]} (zeros, so an untrained
 * adapter changes nothing). One batched forward serves examples of different tasks.
 *
 * <p>Parameter names: {@code <module path>.lora_A} / {@code .lora_B}, e.g.
 * {@code encoder.layer.0.attention.self.query.lora_A}.
 */
public final class LoraBank extends AbstractBlock implements AutoCloseable {

  private final EncoderConfig encoder;
  private final LoraConfig lora;
  private final int tasks;

  /** Declares the adapters; call {@link #create} or {@code initialize} to allocate them. */
  public LoraBank(EncoderConfig encoder, LoraConfig lora, int tasks) {
    super((byte) 1);
    if (tasks <= 0) {
      throw new IllegalArgumentException("an adapter bank needs at least one task, got " + tasks);
    }
    this.encoder = encoder;
    this.lora = lora;
    this.tasks = tasks;
    for (int layer = 0; layer < encoder.numLayers(); layer++) {
      for (LinearTarget t : LinearTarget.values()) {
        if (!lora.targets().contains(t)) {
          continue;
        }
        int in = t.inFeatures(encoder);
        int out = t.outFeatures(encoder);
        addParameter(Parameter.builder().setName(t.modulePath(layer) + ".lora_A")
            .setType(Parameter.Type.WEIGHT).optShape(new Shape(tasks, lora.rank(), in))
            .optInitializer(new UniformInitializer((float) (1.0 / Math.sqrt(in)))).build());
        addParameter(Parameter.builder().setName(t.modulePath(layer) + ".lora_B")
            .setType(Parameter.Type.WEIGHT).optShape(new Shape(tasks, out, lora.rank()))
            .optInitializer(Initializer.ZEROS).build());
      }
    }
  }

  /** Fresh adapters (B = 0) for {@code tasks} tasks, allocated in {@code manager}. */
  public static LoraBank create(EncoderConfig encoder, LoraConfig lora, int tasks,
      NDManager manager) {
    LoraBank bank = new LoraBank(encoder, lora, tasks);
    bank.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
    return bank;
  }

  public LoraConfig loraConfig() {
    return lora;
  }

  public EncoderConfig encoderConfig() {
    return encoder;
  }

  public int tasks() {
    return tasks;
  }

  /** Stacked A of one Linear, [T, r, in]. */
  public NDArray a(int layer, LinearTarget target) {
    return parameters.get(target.modulePath(layer) + ".lora_A").getArray();
  }

  /** Stacked B of one Linear, [T, out, r]. */
  public NDArray b(int layer, LinearTarget target) {
    return parameters.get(target.modulePath(layer) + ".lora_B").getArray();
  }

  /** All adapter arrays by name (live arrays). */
  public Map<String, NDArray> arrays() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    parameters.forEach((name, p) -> out.put(name, p.getArray()));
    return out;
  }

  /** The LoRA hook for a batch whose examples belong to {@code tasks}. */
  public LinearDelta delta(TaskIndex taskIndex) {
    // kept for the whole step: a temporary scalar from mul(Number) is freed before backward
    NDArray scale = taskIndex.indices().getManager().create(lora.scale());
    return (layer, target, x, training) -> {
      if (!lora.targets().contains(target)) {
        return null;
      }
      NDArray in = training && lora.dropout() > 0
          ? Dropout.dropout(x, lora.dropout(), true).singletonOrThrow() : x;
      if (taskIndex.uniform() >= 0) {
        NDArray a = taskIndex.select(a(layer, target));
        NDArray b = taskIndex.select(b(layer, target));
        return Linear.linear(Linear.linear(in, a).singletonOrThrow(), b).singletonOrThrow()
            .mul(scale);
      }
      if (taskIndex.blocked()) {
        // one [rows * L, in] x [in, r] matmul per task block instead of one per row
        NDArray ab = taskIndex.selectBlocks(a(layer, target));
        NDArray bb = taskIndex.selectBlocks(b(layer, target));
        Shape shape = in.getShape();
        long blocks = ab.getShape().get(0);
        NDArray y = in.reshape(blocks, -1, shape.get(shape.dimension() - 1))
            .batchMatMul(ab.transpose(0, 2, 1)).batchMatMul(bb.transpose(0, 2, 1)).mul(scale);
        long[] out = shape.getShape().clone();
        out[out.length - 1] = bb.getShape().get(1);
        return y.reshape(out);
      }
      NDArray a = taskIndex.select(a(layer, target));
      NDArray b = taskIndex.select(b(layer, target));
      return in.batchMatMul(a.transpose(0, 2, 1)).batchMatMul(b.transpose(0, 2, 1)).mul(scale);
    };
  }

  /**
   * Adds task {@code task}'s update {@code scale * B A} into the base weights of {@code base}
   * (in place, no gradient recorded). Scratch arrays live in {@code scratch}.
   */
  public void mergeInto(Map<String, NDArray> base, int task, NDManager scratch) {
    checkTask(task);
    try (NDManager tmp = scratch.newSubManager()) {
      for (int layer = 0; layer < encoder.numLayers(); layer++) {
        for (LinearTarget t : lora.targets()) {
          NDArray w = base.get(t.modulePath(layer) + ".weight");
          tmp.tempAttachAll(w, a(layer, t), b(layer, t));
          NDArray a = a(layer, t).get(task);
          NDArray b = b(layer, t).get(task);
          EncoderWeights.copy(w.add(b.matMul(a).mul(lora.scale())), w);
        }
      }
    }
  }

  /** Task {@code task}'s A and B per targeted module path ([r, in] and [out, r] copies). */
  public List<NDArray[]> adapterOf(int task, NDManager manager) {
    checkTask(task);
    List<NDArray[]> out = new ArrayList<>();
    for (int layer = 0; layer < encoder.numLayers(); layer++) {
      for (LinearTarget t : LinearTarget.values()) {
        if (lora.targets().contains(t)) {
          out.add(new NDArray[] {copyOf(a(layer, t), task, manager),
              copyOf(b(layer, t), task, manager)});
        }
      }
    }
    return out;
  }

  private static NDArray copyOf(NDArray stacked, int task, NDManager manager) {
    try (NDArray view = stacked.get(task)) {
      NDArray copy = view.duplicate();
      copy.attach(manager);
      return copy;
    }
  }

  /** Overwrites task {@code task}'s A ([r, in]) and B ([out, r]) of one Linear in place. */
  public void setAdapter(int task, int layer, LinearTarget target, NDArray newA, NDArray newB) {
    checkTask(task);
    NDArray a = a(layer, target);
    NDArray b = b(layer, target);
    requireShape(newA, a.getShape().slice(1), target.modulePath(layer) + ".lora_A");
    requireShape(newB, b.getShape().slice(1), target.modulePath(layer) + ".lora_B");
    a.set(new ai.djl.ndarray.index.NDIndex(task), newA);
    b.set(new ai.djl.ndarray.index.NDIndex(task), newB);
  }

  private static void requireShape(NDArray array, Shape expected, String name) {
    if (!array.getShape().equals(expected)) {
      throw new IllegalArgumentException("tensor '" + name + "' has shape " + array.getShape()
          + " but this bank expects " + expected + "; check rank and model size");
    }
  }

  private void checkTask(int task) {
    if (task < 0 || task >= tasks) {
      throw new IllegalArgumentException("task " + task + " outside bank of " + tasks + " tasks");
    }
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    throw new UnsupportedOperationException("use delta(TaskIndex) as the encoder's LinearDelta");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }

  /** Frees the adapter arrays. */
  @Override
  public void close() {
    parameters.values().forEach(Parameter::close);
  }
}
