package io.metastream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.metastream.model.encoder.Encoder;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.EncoderConfig.Variant;
import io.metastream.model.encoder.EncoderWeights;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncoderWeightsTest {

  private static final String W = "encoder.layer.0.attention.self.value.weight";

  @Test
  void snapshotRestoresAfterTheBaseChanged() {
    try (NDManager root = NDManager.newBaseManager()) {
      Encoder enc = Encoder.random(EncoderConfig.tiny(Variant.BERT), root);
      float[] before = enc.array(W).toFloatArray();
      Map<String, NDArray> snap = EncoderWeights.snapshot(enc, root);
      enc.array(W).addi(1f);
      assertThat(enc.array(W).toFloatArray()).isNotEqualTo(before);
      EncoderWeights.restore(enc, snap);
      assertThat(enc.array(W).toFloatArray()).containsExactly(before);
    }
  }

  @Test
  void moveTowardTakesTheRequestedFractionOfTheWay() {
    try (NDManager root = NDManager.newBaseManager()) {
      Encoder enc = Encoder.random(EncoderConfig.tiny(Variant.BERT), root);
      float[] start = enc.array(W).toFloatArray();
      Map<String, NDArray> target = EncoderWeights.snapshot(enc, root);
      target.get(W).addi(2f);
      int before = root.getManagedArrays().size();
      EncoderWeights.moveToward(enc, target, 0.25f, root);
      float[] moved = enc.array(W).toFloatArray();
      for (int i = 0; i < start.length; i++) {
        assertThat(moved[i]).isCloseTo(start[i] + 0.5f, offset(1e-5f));
      }
      assertThat(root.getManagedArrays()).hasSize(before);
    }
  }

  @Test
  void restoresIntoTrainableWeightsOnAServiceThread() throws Exception {
    // services run their loops on their own threads, where PyTorch records gradients by default:
    // an in-place copy into a weight that requires a gradient must still work there
    try (NDManager root = NDManager.newBaseManager()) {
      Encoder enc = Encoder.random(EncoderConfig.tiny(Variant.BERT), root);
      enc.setTrainable(true);
      enc.array(W).setRequiresGradient(true);
      float[] before = enc.array(W).toFloatArray();
      Map<String, NDArray> snap = EncoderWeights.snapshot(enc, root);
      enc.array(W).toFloatArray();
      snap.get(W).addi(1f);
      java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
      Thread t = new Thread(() -> {
        try {
          EncoderWeights.restore(enc, snap);
        } catch (Throwable e) {
          failure.set(e);
        }
      }, "service-loop");
      t.start();
      t.join();
      assertThat(failure.get()).isNull();
      assertThat(enc.array(W).toFloatArray()[0]).isCloseTo(before[0] + 1f, offset(1e-5f));
      assertThat(enc.array(W).hasGradient()).isTrue();
    }
  }
}
