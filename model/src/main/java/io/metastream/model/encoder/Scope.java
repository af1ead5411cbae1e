package io.metastream.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collection;

/**
 * A per-step sub-manager that temporarily owns long-lived arrays (parameters, optimizer state).
 *
 * <p>Why: in DJL an operation's result is born in the manager of its left operand, so an op such
 * as {@code weight.reshape(...)} would otherwise leak into the model's manager. While the scope is
 * open every such intermediate lands here and is freed on {@link #close()}, and the borrowed
 * arrays return to their own managers.
 */
public final class Scope implements AutoCloseable {

  private final NDManager manager;

  private Scope(NDManager manager) {
    this.manager = manager;
  }

  /** Opens a sub-manager of {@code parent} that borrows {@code arrays} until closed. */
  public static Scope open(NDManager parent, Collection<NDArray> arrays) {
    NDManager sub = parent.newSubManager();
    for (NDArray a : arrays) {
      a.tempAttach(sub);
    }
    return new Scope(sub);
  }

  /** The step's manager: create inputs here. */
  public NDManager manager() {
    return manager;
  }

  @Override
  public void close() {
    manager.close();
  }
}
