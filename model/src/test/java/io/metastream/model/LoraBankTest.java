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
    // one row per block, blocks of two rows (batched per block), and rows that form no blocks
    // (gathered per row): every routing must equal running each task on its own
    for (int[] tasks : new int[][] {{2, 0, 1}, {1, 1, 0, 0, 2, 2}, {0, 1, 0, 1}, {2, 2, 0}}) {
      try (NDManager root = NDManager.newBaseManager()) {
        Encoder enc = Encoder.random(CONFIG, root);
        LoraBank bank = LoraBank.create(CONFIG, LORA, 3, root);
        randomizeB(bank, root);
        int n = tasks.length;
        TokenBatch batch = Tiny.batch(n, 8, CONFIG.vocabSize(), 0, 3);
        float[] mixed = run(enc, bank, batch, tasks, root);
        float[] plain = run(enc, null, batch, tasks, root);
        float[] expected = new float[mixed.length];
        int per = mixed.length / n;
        for (int row = 0; row < n; row++) {
          int[] same = new int[n];
          java.util.Arrays.fill(same, tasks[row]);
          float[] all = run(enc, bank, batch, same, root);
          System.arraycopy(all, row * per, expected, row * per, per);
        }
        assertThat(mixed).as(java.util.Arrays.toString(tasks))
            .containsExactly(expected, offset(1e-4f));
        assertThat(mixed).isNotEqualTo(plain);
      }
    }
  }

  @Test
  void taskIndexFindsEqualBlocksOfDistinctTasksOnly() {
    try (NDManager root = NDManager.newBaseManager()) {
      assertThat(TaskIndex.of(root, new int[] {1, 1, 0, 0}).blockRows()).isEqualTo(2);
      assertThat(TaskIndex.of(root, new int[] {1, 1, 0, 0}).blocked()).isTrue();
      assertThat(TaskIndex.of(root, new int[] {0, 1, 0, 1}).blocked()).isFalse();
      assertThat(TaskIndex.of(root, new int[] {2, 2, 0}).blocked()).isFalse();
      assertThat(TaskIndex.of(root, new int[] {3, 3}).blocked()).isFalse();
      assertThat(TaskIndex.of(root, new int[] {3, 3}).uniform()).isEqualTo(3);
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
