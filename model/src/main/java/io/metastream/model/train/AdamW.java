package io.metastream.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * AdamW with decoupled weight decay (Loshchilov and Hutter), updating parameters in place.
 * Moments are created lazily in a state manager; all temporaries go to the step manager.
 * Biases and LayerNorm parameters get no decay (as in Hugging Face training), chosen per slot.
 *
 * <p>Per-task slots (adapter and head banks, leading dimension T) behave as if every task had its
 * own parameters, as in PyTorch where a parameter without a gradient is skipped: only the rows of
 * tasks present in the batch move (no momentum drift, no decay of absent tasks), and each task
 * has its own bias-correction step count.
 *
 * @param beta1 first moment decay (0.9)
 * @param beta2 second moment decay (0.999)
 * @param eps denominator epsilon (1e-8)
 * @param weightDecay decoupled decay (0.01)
 */
public record AdamW(float beta1, float beta2, float eps, float weightDecay) {

  public AdamW {
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("betas must be in [0, 1)");
    }
    if (!(eps > 0) || !(weightDecay >= 0)) {
      throw new IllegalArgumentException("eps must be > 0 and weightDecay >= 0");
    }
  }

  /** The usual defaults with the given weight decay. */
  public static AdamW withDecay(float weightDecay) {
    return new AdamW(0.9f, 0.999f, 1e-8f, weightDecay);
  }

  /**
   * One trainable array.
   *
   * @param name parameter name
   * @param param the live array
   * @param decay whether weight decay applies
   * @param perTask whether the leading dimension indexes tasks (bank parameters)
   */
  public record Slot(String name, NDArray param, boolean decay, boolean perTask) {}

  /** Optimizer state: moments per parameter and step counts (global and per task). */
  public static final class State {
    private final Map<NDArray, NDArray[]> moments = new IdentityHashMap<>();
    private long steps;
    private long[] taskSteps = new long[0];

    /** Every moment array (for scopes and leak checks). */
    public List<NDArray> arrays() {
      List<NDArray> out = new ArrayList<>();
      moments.values().forEach(m -> out.addAll(List.of(m)));
      return out;
    }

    /** Updates applied so far. */
    public long steps() {
      return steps;
    }

    /** Updates task {@code task}'s rows received so far. */
    public long taskSteps(int task) {
      return task < taskSteps.length ? taskSteps[task] : 0;
    }
  }

  /**
   * Applies one update with learning rate {@code lr}. Must run outside a gradient collector.
   *
   * @param activeTasks tasks present in the batch (rows of per-task slots to update)
   */
  public void update(List<Slot> slots, State state, double lr, int[] activeTasks,
      NDManager stateManager, NDManager step) {
    update(slots, state, lr, t -> lr, activeTasks, stateManager, step, true);
  }

  /**
   * As {@link #update}, with rate {@code lr} for shared parameters and {@code taskLr(t)} for task
   * t's rows of per-task slots (each task may follow its own schedule).
   */
  public void update(List<Slot> slots, State state, double lr, IntToDoubleFunction taskLr,
      int[] activeTasks, NDManager stateManager, NDManager step) {
    update(slots, state, lr, taskLr, activeTasks, stateManager, step, true);
  }

  /** As {@link #update}; {@code fused = false} forces the generic op-by-op path (tests). */
  void update(List<Slot> slots, State state, double lr, int[] activeTasks,
      NDManager stateManager, NDManager step, boolean fused) {
    update(slots, state, lr, t -> lr, activeTasks, stateManager, step, fused);
  }

  private void update(List<Slot> slots, State state, double lr, IntToDoubleFunction taskLr,
      int[] activeTasks, NDManager stateManager, NDManager step, boolean fused) {
    state.steps++;
    float[][] perTask = perTaskFactors(slots, state, activeTasks, taskLr);
    for (Slot slot : slots) {
      NDArray p = slot.param();
      NDArray g = p.getGradient();
      g.attach(step);
      NDArray[] m = moments(state, p, stateManager, step);
      boolean nativeKernel = fused && p instanceof PtNDArray;
      if (slot.perTask() && nativeKernel) {
        // each task present updates its own rows through views, exactly as if it were a
        // separate parameter; absent tasks' rows are not touched at all
        for (int t : activeTasks) {
          if (t < p.getShape().get(0)) {
            updateFused(slot, p.get(t), g.get(t), m[0].get(t), m[1].get(t), perTask[1][t],
                perTask[2][t], perTask[3][t]);
          }
        }
      } else if (slot.perTask()) {
        updateRows(slot, p, g, m, perTask, step);
      } else if (nativeKernel) {
        updateFused(slot, p, g, m[0], m[1], 1 - Math.pow(beta1, state.steps),
            1 - Math.pow(beta2, state.steps), lr);
      } else {
        updateAll(slot, p, g, m, state.steps, lr);
      }
      g.subi(g);
    }
  }

  /**
   * The same update as {@link #updateAll} in one native call (PyTorch's in-place kernels behind
   * DJL's {@code adamUpdate}) instead of ~15 Java-side ops and temporaries per parameter. That
   * kernel applies lr' * m / (sqrt(v) + eps'); with lr' = lr sqrt(bc2) / bc1 and
   * eps' = eps sqrt(bc2) this equals lr * (m / bc1) / (sqrt(v / bc2) + eps) exactly.
   */
  private void updateFused(Slot slot, NDArray p, NDArray g, NDArray m0, NDArray m1, double bc1,
      double bc2, double lr) {
    double sqrtBc2 = Math.sqrt(bc2);
    boolean decay = slot.decay() && weightDecay > 0;
    JniUtils.adamUpdate((PtNDArray) p, (PtNDArray) g, (PtNDArray) m0, (PtNDArray) m1, (float) lr,
        (float) (lr * sqrtBc2 / bc1), decay ? weightDecay : 0f, 1f, -1f, beta1, beta2,
        (float) (eps * sqrtBc2), decay);
  }

  private void updateAll(Slot slot, NDArray p, NDArray g, NDArray[] m, long t, double lr) {
    float bc1 = (float) (1 - Math.pow(beta1, t));
    float bc2 = (float) (1 - Math.pow(beta2, t));
    m[0].muli(beta1).addi(g.mul(1 - beta1));
    m[1].muli(beta2).addi(g.square().muli(1 - beta2));
    if (slot.decay() && weightDecay > 0) {
      p.muli((float) (1 - lr * weightDecay));
    }
    NDArray denom = m[1].div(bc2).sqrt().addi(eps);
    p.subi(m[0].div(bc1).divi(denom).muli((float) lr));
  }

  /** Same update restricted to active task rows, each with its own rate: x += mask (x' - x). */
  private void updateRows(Slot slot, NDArray p, NDArray g, NDArray[] m, float[][] f,
      NDManager step) {
    long[] dims = new long[p.getShape().dimension()];
    Arrays.fill(dims, 1);
    dims[0] = p.getShape().get(0);
    Shape column = new Shape(dims);
    NDArray mask = step.create(f[0], column);
    NDArray bc1 = step.create(f[1], column);
    NDArray bc2 = step.create(f[2], column);
    float[] maskedLr = new float[f[0].length];
    for (int t = 0; t < maskedLr.length; t++) {
      maskedLr[t] = f[0][t] * f[3][t];
    }
    NDArray lr = step.create(maskedLr, column);
    m[0].addi(g.sub(m[0]).muli(mask).muli(1 - beta1));
    m[1].addi(g.square().subi(m[1]).muli(mask).muli(1 - beta2));
    if (slot.decay() && weightDecay > 0) {
      p.subi(p.mul(lr).muli(weightDecay));
    }
    NDArray denom = m[1].div(bc2).sqrt().addi(eps);
    p.subi(m[0].div(bc1).divi(denom).muli(lr));
  }

  /**
   * [mask, bias correction 1, bias correction 2, rate] per task; advances active tasks' counts.
   */
  private float[][] perTaskFactors(List<Slot> slots, State state, int[] activeTasks,
      IntToDoubleFunction taskLr) {
    int tasks = 0;
    for (Slot s : slots) {
      if (s.perTask()) {
        tasks = Math.max(tasks, (int) s.param().getShape().get(0));
      }
    }
    if (state.taskSteps.length < tasks) {
      state.taskSteps = Arrays.copyOf(state.taskSteps, tasks);
    }
    float[][] f = new float[4][tasks];
    Arrays.fill(f[1], 1f);
    Arrays.fill(f[2], 1f);
    for (int t : activeTasks) {
      if (t >= tasks || f[0][t] == 1f) {
        continue;
      }
      long n = ++state.taskSteps[t];
      f[0][t] = 1f;
      f[1][t] = (float) (1 - Math.pow(beta1, n));
      f[2][t] = (float) (1 - Math.pow(beta2, n));
      f[3][t] = (float) taskLr.applyAsDouble(t);
    }
    return f;
  }

  private static NDArray[] moments(State state, NDArray p, NDManager stateManager,
      NDManager step) {
    NDArray[] m = state.moments.computeIfAbsent(p, k -> new NDArray[] {
        stateManager.zeros(p.getShape()), stateManager.zeros(p.getShape())});
    if (m[0].getManager() != step) {
      step.tempAttachAll(m[0], m[1]);
    }
    return m;
  }
}
