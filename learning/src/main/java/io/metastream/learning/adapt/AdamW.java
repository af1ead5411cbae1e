package io.metastream.learning.adapt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * AdamW with decoupled weight decay (Loshchilov and Hutter), one state per parameter array.
 *
 * <p>Why our own: DJL's optimisers keep their state in the weight's manager, which is a per-step
 * sub-manager while a {@code Scope} is open, so the state would be freed after each step. Here the
 * state lives in {@code stateManager}, and each parameter keeps its own step count, so a task's
 * adapter that is updated only every T-th step gets the bias correction of its own updates and is
 * left untouched (no momentum drift) on the other steps. Gradients are zeroed after the update,
 * because PyTorch accumulates them across backward passes.
 */
public final class AdamW {

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPS = 1e-8f;

  private final NDManager stateManager;
  private final double weightDecay;
  private final Map<NDArray, State> states = new IdentityHashMap<>();

  private static final class State {
    final NDArray m;
    final NDArray v;
    long steps;

    State(NDArray m, NDArray v) {
      this.m = m;
      this.v = v;
    }
  }

  /**
   * @param stateManager long-lived manager owning the moment estimates (close it to free them)
   * @param weightDecay decoupled decay, applied to matrices only (not to biases, LayerNorm, vectors)
   */
  public AdamW(NDManager stateManager, double weightDecay) {
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
    }
    this.stateManager = stateManager;
    this.weightDecay = weightDecay;
  }

  /** Updates every array of {@code params} (which must all have a gradient) with rate {@code lr}. */
  public void step(Collection<NDArray> params, double lr) {
    try (NDManager sub = stateManager.newSubManager()) {
      for (NDArray p : params) {
        State s = states.computeIfAbsent(p, this::newState);
        p.tempAttach(sub);
        s.m.tempAttach(sub);
        s.v.tempAttach(sub);
        update(p, s, lr);
      }
    }
  }

  /**
   * Updates each key with its paired value as the gradient (e.g. Reptile's outer step on the
   * difference before - after); the gradients are only read.
   */
  public void stepWith(java.util.Map<NDArray, NDArray> paramToGradient, double lr) {
    try (NDManager sub = stateManager.newSubManager()) {
      for (var e : paramToGradient.entrySet()) {
        NDArray p = e.getKey();
        State s = states.computeIfAbsent(p, this::newState);
        p.tempAttach(sub);
        s.m.tempAttach(sub);
        s.v.tempAttach(sub);
        apply(p, s, e.getValue(), lr);
      }
    }
  }

  /** Forgets the state of {@code params} (e.g. Reptile's fresh inner optimiser). */
  public void reset(Collection<NDArray> params) {
    for (NDArray p : params) {
      State s = states.remove(p);
      if (s != null) {
        s.m.close();
        s.v.close();
      }
    }
  }

  /** How many updates {@code param} received so far (0 if never). */
  public long steps(NDArray param) {
    State s = states.get(param);
    return s == null ? 0 : s.steps;
  }

  private State newState(NDArray p) {
    NDArray m = stateManager.zeros(p.getShape(), p.getDataType());
    NDArray v = stateManager.zeros(p.getShape(), p.getDataType());
    return new State(m, v);
  }

  private void update(NDArray p, State s, double lr) {
    NDArray g = p.getGradient();
    apply(p, s, g, lr);
    g.subi(g);
  }

  private void apply(NDArray p, State s, NDArray g, double lr) {
    s.steps++;
    s.m.muli(BETA1).addi(g.mul(1f - BETA1));
    s.v.muli(BETA2).addi(g.mul(g).muli(1f - BETA2));
    double bc1 = 1 - Math.pow(BETA1, s.steps);
    double bc2 = 1 - Math.pow(BETA2, s.steps);
    if (weightDecay > 0 && p.getShape().dimension() >= 2) {
      p.muli((float) (1 - lr * weightDecay));
    }
    NDArray denom = s.v.div((float) bc2).sqrt().addi(EPS);
    p.subi(s.m.div(denom).muli((float) (lr / bc1)));
  }
}
