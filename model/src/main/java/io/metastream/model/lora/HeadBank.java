package io.metastream.model.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * T per-task linear classification heads stacked: {@code weight [T, C, H]}, {@code bias [T, C]};
 * each example uses its own task's head.
 */
public final class HeadBank extends AbstractBlock implements AutoCloseable {

  private final int tasks;
  private final int classes;

  /** Declares T heads of {@code classes} outputs on {@code hidden} features. */
  public HeadBank(int tasks, int hidden, int classes) {
    super((byte) 1);
    if (tasks <= 0 || hidden <= 0 || classes <= 0) {
      throw new IllegalArgumentException("tasks, hidden and classes must be > 0");
    }
    this.tasks = tasks;
    this.classes = classes;
    addParameter(Parameter.builder().setName("head.weight").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(tasks, classes, hidden))
        .optInitializer(new TruncatedNormalInitializer(0.02f)).build());
    addParameter(Parameter.builder().setName("head.bias").setType(Parameter.Type.BIAS)
        .optShape(new Shape(tasks, classes)).optInitializer(Initializer.ZEROS).build());
  }

  /** Fresh heads allocated in {@code manager}. */
  public static HeadBank create(int tasks, int hidden, int classes, NDManager manager) {
    HeadBank heads = new HeadBank(tasks, hidden, classes);
    heads.initialize(manager, DataType.FLOAT32, new Shape(1, hidden));
    return heads;
  }

  public int tasks() {
    return tasks;
  }

  public int classes() {
    return classes;
  }

  /** Logits [N, C] of features [N, H], each row through its task's head. */
  public NDArray logits(NDArray features, TaskIndex taskIndex) {
    NDArray w = taskIndex.select(parameters.get("head.weight").getArray());
    NDArray b = taskIndex.select(parameters.get("head.bias").getArray());
    if (taskIndex.uniform() >= 0) {
      return Linear.linear(features, w, b).singletonOrThrow();
    }
    return features.expandDims(1).batchMatMul(w.transpose(0, 2, 1)).squeeze(1).add(b);
  }

  /** The head arrays by name (live arrays). */
  public Map<String, NDArray> arrays() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    parameters.forEach((name, p) -> out.put(name, p.getArray()));
    return out;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    throw new UnsupportedOperationException("use logits(features, TaskIndex)");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
  }

  /** Frees the head arrays. */
  @Override
  public void close() {
    parameters.values().forEach(Parameter::close);
  }
}
