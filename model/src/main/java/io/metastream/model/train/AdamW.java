package io.metastream.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW with decoupled weight decay (Loshchilov and Hutter), updating parameters in place.
 * Moments are created lazily, on first use, in the manager given to {@link #update}'s owner;
 * all temporaries go to the step manager. Biases and LayerNorm parameters get no decay (as in
 * Hugging Face training), chosen per parameter by the caller.
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

  /** One trainable array and whether it is decayed. */
  public record Slot(String name, NDArray param, boolean decay) {}

  /** Optimizer state: the moments of each parameter, owned by {@code stateManager}. */
  public static final class State {
    private final Map<NDArray, NDArray[]> moments = new IdentityHashMap<>();
    private long steps;

    /** Every moment array (for scopes and leak checks). */
    public List<NDArray> arrays() {
      List<NDArray> out = new ArrayList<>();
      moments.values().forEach(m -> out.addAll(List.of(m)));
      return out;
    }

    public long steps() {
      return steps;
    }
  }

  /**
   * Applies one update with learning rate {@code lr} to every slot whose gradient is available.
   * Must run outside a gradient collector. New moments are born in {@code stateManager}.
   */
  public void update(List<Slot> slots, State state, double lr, NDManager stateManager,
      NDManager step) {
    state.steps++;
    double bc1 = 1 - Math.pow(beta1, state.steps);
    double bc2 = 1 - Math.pow(beta2, state.steps);
    for (Slot slot : slots) {
      NDArray p = slot.param();
      NDArray g = p.getGradient();
      g.attach(step);
      NDArray[] m = state.moments.computeIfAbsent(p, k -> {
        NDArray m1 = stateManager.zeros(p.getShape());
        NDArray m2 = stateManager.zeros(p.getShape());
        step.tempAttachAll(m1, m2);
        return new NDArray[] {m1, m2};
      });
      if (m[0].getManager() != step) {
        step.tempAttachAll(m[0], m[1]);
      }
      m[0].muli(beta1).addi(g.mul(1 - beta1));
      m[1].muli(beta2).addi(g.square().muli(1 - beta2));
      if (slot.decay() && weightDecay > 0) {
        p.muli((float) (1 - lr * weightDecay));
      }
      NDArray denom = m[1].div((float) bc2).sqrt().addi(eps);
      p.subi(m[0].div((float) bc1).divi(denom).muli((float) lr));
      g.subi(g);
    }
  }
}
