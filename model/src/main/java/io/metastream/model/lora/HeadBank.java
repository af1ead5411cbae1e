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
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * T per-task heads stacked, of one of two kinds:
 *
 * <ul>
 *   <li>a linear classifier ({@code classes > 0}): {@code head.weight [T, C, H]} (uniform, bound
 *       1/sqrt(H), as PyTorch's Linear), {@code head.bias [T, C]} (zeros);
 *   <li>a vector ({@code classes = 0}): {@code head.u [T, H]}, zeros, added to a task's embedding
 *       (so a fresh vector head leaves the base's ranking unchanged).
 * </ul>
 * Each example uses its own task's head.
 */
public final class HeadBank extends AbstractBlock implements AutoCloseable {

  /** Name of the vector head's parameter. */
  public static final String VECTOR = "head.u";

  private final int tasks;
  private final int classes;

  /** Declares T heads of {@code classes} outputs (0: vector heads) on {@code hidden} features. */
  public HeadBank(int tasks, int hidden, int classes) {
    super((byte) 1);
    if (tasks <= 0 || hidden <= 0 || classes < 0) {
      throw new IllegalArgumentException("tasks and hidden must be > 0 and classes >= 0");
    }
    this.tasks = tasks;
    this.classes = classes;
    if (classes == 0) {
      addParameter(Parameter.builder().setName(VECTOR).setType(Parameter.Type.BIAS)
          .optShape(new Shape(tasks, hidden)).optInitializer(Initializer.ZEROS).build());
      return;
    }
    addParameter(Parameter.builder().setName("head.weight").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(tasks, classes, hidden))
        .optInitializer(new UniformInitializer((float) (1 / Math.sqrt(hidden)))).build());
    addParameter(Parameter.builder().setName("head.bias").setType(Parameter.Type.BIAS)
        .optShape(new Shape(tasks, classes)).optInitializer(Initializer.ZEROS).build());
  }

  /** Fresh heads allocated in {@code manager} ({@code classes} 0: vector heads). */
  public static HeadBank create(int tasks, int hidden, int classes, NDManager manager) {
    HeadBank heads = new HeadBank(tasks, hidden, classes);
    heads.initialize(manager, DataType.FLOAT32, new Shape(1, hidden));
    return heads;
  }

  public int tasks() {
    return tasks;
  }

  /** Classifier outputs, 0 for vector heads. */
  public int classes() {
    return classes;
  }

  /** Logits [N, C] of features [N, H], each row through its task's classifier. */
  public NDArray logits(NDArray features, TaskIndex taskIndex) {
    if (classes == 0) {
      throw new IllegalStateException("vector heads have no logits; use vectors(TaskIndex)");
    }
    NDArray w = taskIndex.select(parameters.get("head.weight").getArray());
    NDArray b = taskIndex.select(parameters.get("head.bias").getArray());
    if (taskIndex.uniform() >= 0) {
      return Linear.linear(features, w, b).singletonOrThrow();
    }
    return features.expandDims(1).batchMatMul(w.transpose(0, 2, 1)).squeeze(1).add(b);
  }

  /** Each row's task vector: [N, H] (or [H] when the batch has one task, broadcasting). */
  public NDArray vectors(TaskIndex taskIndex) {
    if (classes != 0) {
      throw new IllegalStateException("classifier heads have no vectors; use logits(...)");
    }
    return taskIndex.select(parameters.get(VECTOR).getArray());
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
    return new Shape[] {new Shape(inputShapes[0].get(0), Math.max(classes, 1))};
  }

  /** Frees the head arrays. */
  @Override
  public void close() {
    parameters.values().forEach(Parameter::close);
  }
}
