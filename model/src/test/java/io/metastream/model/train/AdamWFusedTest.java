package io.metastream.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.metastream.model.encoder.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fused native AdamW path must reproduce the op-by-op implementation it replaces. */
class AdamWFusedTest {

  private static final int STEPS = 6;

  @Test
  void fusedUpdateMatchesTheOpByOpUpdateWithinOneMillionth() {
    try (NDManager root = NDManager.newBaseManager()) {
      float[][] start = train(root, true, 0);
      float[][] fused = train(root, true, STEPS);
      float[][] generic = train(root, false, STEPS);
      for (int i = 0; i < fused.length; i++) {
        for (int j = 0; j < fused[i].length; j++) {
          assertThat(fused[i][j]).as("array %d element %d", i, j)
              .isCloseTo(generic[i][j], org.assertj.core.data.Offset.offset(1e-6f));
        }
      }
      // the comparison is meaningful only if the updates are far larger than the tolerance
      assertThat(Math.abs(fused[0][0] - start[0][0])).isGreaterThan(1e-3f);
      assertThat(Math.abs(fused[1][0] - start[1][0])).isGreaterThan(1e-3f);
      assertThat(Math.abs(fused[2][0] - start[2][0])).isGreaterThan(1e-3f);
      assertThat(Math.abs(fused[2][3] - start[2][3])).isGreaterThan(1e-3f);
    }
  }

  /** Trains a decayed matrix, an undecayed vector and a per-task bank on a fixed loss. */
  private static float[][] train(NDManager root, boolean fused, int steps) {
    try (NDManager m = root.newSubManager(); NDManager stateManager = m.newSubManager()) {
      Random r = new Random(7);
      NDArray w = m.create(floats(r, 12, 1f), new Shape(3, 4));
      NDArray b = m.create(floats(r, 4, 1f));
      NDArray bank = m.create(floats(r, 6, 1f), new Shape(2, 3));
      // b's gradient is cb: entries near eps, where the placement of eps matters
      float[] cw = floats(r, 12, 1f);
      float[] cb = floats(r, 4, 0.5f);
      cb[1] = 3e-8f;
      cb[2] = -1e-9f;
      float[] cbank = floats(r, 6, 2f);
      List<AdamW.Slot> slots = List.of(new AdamW.Slot("w", w, true, false),
          new AdamW.Slot("b.bias", b, false, false), new AdamW.Slot("bank", bank, true, true));
      slots.forEach(s -> s.param().setRequiresGradient(true));
      AdamW adam = AdamW.withDecay(0.1f);
      AdamW.State state = new AdamW.State();
      for (int step = 0; step < steps; step++) {
        List<NDArray> borrowed = new ArrayList<>(List.of(w, b, bank));
        borrowed.addAll(state.arrays());
        try (Scope scope = Scope.open(m, borrowed)) {
          NDManager s = scope.manager();
          try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = w.mul(s.create(cw, new Shape(3, 4))).sum()
                .add(w.square().sum()).add(b.mul(s.create(cb)).sum())
                .add(bank.mul(s.create(cbank, new Shape(2, 3))).sum());
            collector.backward(loss);
          }
          // single-task steps (row views) alternate with a two-task step (masked rows)
          int[] active = step == 3 ? new int[] {0, 1} : new int[] {step % 2};
          adam.update(slots, state, 0.01, active, stateManager, s, fused);
        }
      }
      return new float[][] {w.toFloatArray(), b.toFloatArray(), bank.toFloatArray()};
    }
  }

  private static float[] floats(Random r, int n, float scale) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (r.nextGaussian() * scale);
    }
    return out;
  }
}
