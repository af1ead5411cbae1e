package io.metastream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.EncoderConfig.Variant;
import io.metastream.model.encoder.LinearTarget;
import io.metastream.model.lora.LoraBank;
import io.metastream.model.lora.LoraConfig;
import io.metastream.model.weights.PeftAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeftAdapterTest {

  /** Set -Dmetastream.golden.write=<dir> once to regenerate the golden files there. */
  private static final String WRITE_GOLDEN = "metastream.golden.write";
  private static final EncoderConfig CONFIG =
      new EncoderConfig(Variant.BERT, 50, 8, 2, 2, 12, 16, 2, 1e-12f, 0, 0f, 0f);
  private static final LoraConfig LORA = new LoraConfig(2, 16f, 0.1f, LoraConfig.ALL_LINEAR);

  /** The base the golden adapter names: a model name and a weights digest, no local path. */
  static final PeftAdapter.Base BASE = new PeftAdapter.Base("metastream-tiny-bert",
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  @TempDir Path dir;

  /** Task 1 of a 2-task bank with A, B filled by a fixed formula. */
  static LoraBank deterministicBank(NDManager manager) {
    LoraBank bank = LoraBank.create(CONFIG, LORA, 2, manager);
    int k = 0;
    for (int layer = 0; layer < CONFIG.numLayers(); layer++) {
      for (LinearTarget t : LinearTarget.values()) {
        NDArray a = bank.a(layer, t);
        NDArray b = bank.b(layer, t);
        NDArray newA = manager.create(values(a.getShape().slice(1).size(), k++),
            a.getShape().slice(1));
        NDArray newB = manager.create(values(b.getShape().slice(1).size(), k++),
            b.getShape().slice(1));
        bank.setAdapter(1, layer, t, newA, newB);
      }
    }
    return bank;
  }

  private static float[] values(long n, int seed) {
    float[] v = new float[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.round(1000 * Math.sin(seed * 31 + i)) / 1000f;
    }
    return v;
  }

  @Test
  void exportIsByteIdenticalToTheGoldenFiles() throws IOException {
    try (NDManager root = NDManager.newBaseManager()) {
      PeftAdapter.export(deterministicBank(root), 1, dir, BASE, root);
    }
    String target = System.getProperty(WRITE_GOLDEN);
    if (target != null) {
      Files.createDirectories(Path.of(target));
      Files.copy(dir.resolve(PeftAdapter.CONFIG), Path.of(target, PeftAdapter.CONFIG),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.copy(dir.resolve(PeftAdapter.WEIGHTS), Path.of(target, PeftAdapter.WEIGHTS),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    assertThat(Files.readAllBytes(dir.resolve(PeftAdapter.CONFIG)))
        .isEqualTo(golden(PeftAdapter.CONFIG));
    assertThat(Files.readAllBytes(dir.resolve(PeftAdapter.WEIGHTS)))
        .isEqualTo(golden(PeftAdapter.WEIGHTS));
    assertThat(Files.readString(dir.resolve(PeftAdapter.CONFIG)))
        .contains("\"peft_type\": \"LORA\"").contains("\"r\": 2").contains("\"lora_alpha\": 16")
        .contains("\"task_type\": \"FEATURE_EXTRACTION\"").contains("\"inference_mode\": true")
        .contains("\"base_model_name_or_path\": \"metastream-tiny-bert\"")
        .contains("\"bias\": \"none\"").contains("\"fan_in_fan_out\": false");
    assertThat(io.metastream.model.weights.Safetensors.metadata(dir.resolve(PeftAdapter.WEIGHTS)))
        .containsEntry("format", "pt").containsEntry(PeftAdapter.BASE_SHA256, BASE.sha256())
        .containsEntry(PeftAdapter.BASE_NAME, BASE.name());
    assertThat(dir.resolve(PeftAdapter.HEAD_FILE)).doesNotExist();
  }

  @Test
  void importOfTheGoldenAdapterRestoresTheSameWeights() throws IOException {
    Path golden = dir.resolve("golden");
    Files.createDirectories(golden);
    Files.write(golden.resolve(PeftAdapter.CONFIG), golden(PeftAdapter.CONFIG));
    Files.write(golden.resolve(PeftAdapter.WEIGHTS), golden(PeftAdapter.WEIGHTS));
    try (NDManager root = NDManager.newBaseManager()) {
      LoraBank expected = deterministicBank(root);
      LoraBank fresh = LoraBank.create(CONFIG, LORA, 3, root);
      PeftAdapter.importInto(fresh, 2, golden, root);
      for (int layer = 0; layer < CONFIG.numLayers(); layer++) {
        for (LinearTarget t : LinearTarget.values()) {
          assertThat(fresh.a(layer, t).get(2).toFloatArray())
              .containsExactly(expected.a(layer, t).get(1).toFloatArray());
          assertThat(fresh.b(layer, t).get(2).toFloatArray())
              .containsExactly(expected.b(layer, t).get(1).toFloatArray());
        }
      }
      assertThat(PeftAdapter.readConfig(golden)).isEqualTo(LORA);
    }
  }

  @Test
  void refusesAnAdapterOfAnotherRank() throws IOException {
    try (NDManager root = NDManager.newBaseManager()) {
      PeftAdapter.export(deterministicBank(root), 1, dir, BASE, root);
      LoraBank rank4 = LoraBank.create(CONFIG, new LoraConfig(4, 16f, 0.1f,
          LoraConfig.ALL_LINEAR), 1, root);
      assertThatThrownBy(() -> PeftAdapter.importInto(rank4, 0, dir, root))
          .hasMessageContaining("rank 2").hasMessageContaining(PeftAdapter.CONFIG);
    }
  }

  private static byte[] golden(String name) throws IOException {
    try (InputStream in = PeftAdapterTest.class.getResourceAsStream("/golden/peft/" + name)) {
      assertThat(in).as("golden file golden/peft/" + name + " in test resources").isNotNull();
      return in.readAllBytes();
    }
  }
}
