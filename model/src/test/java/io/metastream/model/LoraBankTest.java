package io.metastream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.metastream.model.encoder.Encoder;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.EncoderConfig.Variant;
import io.metastream.model.encoder.LinearTarget;
import io.metastream.model.encoder.Scope;
import io.metastream.model.lora.LoraBank;
import io.metastream.model.lora.LoraConfig;
import io.metastream.model.lora.TaskIndex;
import io.metastream.model.text.TokenBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoraBankTest {

  private static final EncoderConfig CONFIG = EncoderConfig.tiny(Variant.BERT);
  private static final LoraConfig LORA = LoraConfig.of(4).withDropout(0f);

  @Test
  void untrainedAdapterLeavesOutputsUnchanged() {
    try (NDManager root = NDManager.newBaseManager()) {
      Encoder enc = Encoder.random(CONFIG, root);
      LoraBank bank = LoraBank.create(CONFIG, LORA, 3, root);
      TokenBatch batch = Tiny.batch(4, 8, CONFIG.vocabSize(), 0, 2);
      assertThat(sum(bank.a(0, LinearTarget.QUERY))).isNotZero();
      float[] plain = run(enc, null, batch, new int[] {0, 1, 2, 1}, root);
      float[] adapted = run(enc, bank, batch, new int[] {0, 1, 2, 1}, root);
      assertThat(adapted).containsExactly(plain, offset(1e-6f));
    }
  }

  @Test
  void mixedTaskBatchEqualsSeparatePerTaskForwards() {
    try (NDManager root = NDManager.newBaseManager()) {
      Encoder enc = Encoder.random(CONFIG, root);
      LoraBank bank = LoraBank.create(CONFIG, LORA, 3, root);
      randomizeB(bank, root);
      TokenBatch batch = Tiny.batch(3, 8, CONFIG.vocabSize(), 0, 3);
      int[] tasks = {2, 0, 1};
      float[] mixed = run(enc, bank, batch, tasks, root);
      float[] plain = run(enc, null, batch, tasks, root);
      List<Float> separate = new ArrayList<>();
      int per = mixed.length / 3;
      for (int row = 0; row < 3; row++) {
        int t = tasks[row];
        float[] all = run(enc, bank, batch, new int[] {t, t, t}, root);
        for (int j = row * per; j < (row + 1) * per; j++) {
          separate.add(all[j]);
        }
      }
      float[] expected = new float[separate.size()];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = separate.get(i);
      }
      assertThat(mixed).containsExactly(expected, offset(1e-4f));
      assertThat(mixed).isNotEqualTo(plain);
    }
  }

  @Test
  void mergingAnAdapterIntoTheBaseReproducesTheAdaptedOutputs() {
    try (NDManager root = NDManager.newBaseManager()) {
      Encoder enc = Encoder.random(CONFIG, root);
      LoraBank bank = LoraBank.create(CONFIG, LORA, 2, root);
      randomizeB(bank, root);
      TokenBatch batch = Tiny.batch(2, 8, CONFIG.vocabSize(), 0, 4);
      float[] adapted = run(enc, bank, batch, new int[] {1, 1}, root);
      bank.mergeInto(enc.arrays(), 1, root);
      float[] merged = run(enc, null, batch, new int[] {1, 1}, root);
      assertThat(merged).containsExactly(adapted, offset(1e-4f));
    }
  }

  public static void randomizeB(LoraBank bank, NDManager root) {
    for (var e : bank.arrays().entrySet()) {
      if (e.getKey().endsWith("lora_B")) {
        NDArray b = e.getValue();
        try (NDArray r = root.randomNormal(0f, 0.05f, b.getShape(), b.getDataType())) {
          b.set(new NDIndex("..."), r);
        }
      }
    }
  }

  public static float[] run(Encoder enc, LoraBank bank, TokenBatch batch, int[] tasks, NDManager root) {
    List<NDArray> borrowed = new ArrayList<>(enc.arrays().values());
    if (bank != null) {
      borrowed.addAll(bank.arrays().values());
    }
    try (Scope s = Scope.open(root, borrowed)) {
      NDList in = batch.toNDList(s.manager());
      TaskIndex ti = TaskIndex.of(s.manager(), tasks);
      return enc.forward(in.get(0), in.get(1), in.get(2), bank == null ? null : bank.delta(ti),
          false).toFloatArray();
    }
  }

  private static float sum(NDArray a) {
    try (NDArray s = a.abs().sum()) {
      return s.getFloat();
    }
  }
}
