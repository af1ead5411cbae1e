package io.metastream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.metastream.model.encoder.Encoder;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.EncoderConfig.Variant;
import io.metastream.model.text.TokenBatch;
import io.metastream.model.weights.HfCheckpoint;
import io.metastream.model.weights.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HfCheckpointTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Variant.class)
  void exportThenLoadGivesIdenticalOutputs(Variant variant) throws IOException {
    EncoderConfig config = EncoderConfig.tiny(variant);
    TokenBatch batch = Tiny.batch(3, 9, config.vocabSize(), config.padTokenId(), 21);
    try (NDManager root = NDManager.newBaseManager()) {
      Encoder original = Encoder.random(config, root);
      HfCheckpoint.export(original, dir, null);
      Encoder loaded = HfCheckpoint.load(dir, root);
      assertThat(loaded.config()).isEqualTo(config);
      assertThat(EncoderTest.hidden(loaded, batch, root, "..."))
          .containsExactly(EncoderTest.hidden(original, batch, root, "..."));
    }
  }

  @Test
  void loadsKeysWithTheModelPrefix() throws IOException {
    EncoderConfig config = EncoderConfig.tiny(Variant.BERT);
    try (NDManager root = NDManager.newBaseManager()) {
      Encoder original = Encoder.random(config, root);
      HfCheckpoint.export(original, dir, null);
      rewriteWeights(root, name -> "bert." + name, null);
      Encoder loaded = HfCheckpoint.load(dir, root);
      assertThat(loaded.array("encoder.layer.1.output.dense.weight").toFloatArray())
          .containsExactly(original.array("encoder.layer.1.output.dense.weight").toFloatArray());
    }
  }

  @Test
  void refusesAMissingTensorNamingIt() throws IOException {
    try (NDManager root = NDManager.newBaseManager()) {
      HfCheckpoint.export(Encoder.random(EncoderConfig.tiny(Variant.BERT), root), dir, null);
      rewriteWeights(root, n -> n, "encoder.layer.0.attention.self.key.bias");
      assertThatThrownBy(() -> HfCheckpoint.load(dir, root))
          .hasMessageContaining("encoder.layer.0.attention.self.key.bias");
    }
  }

  @Test
  void refusesAWrongShapeNamingTheTensor() throws IOException {
    try (NDManager root = NDManager.newBaseManager()) {
      HfCheckpoint.export(Encoder.random(EncoderConfig.tiny(Variant.BERT), root), dir, null);
      Path config = dir.resolve(HfCheckpoint.CONFIG);
      Files.writeString(config, Files.readString(config)
          .replace("\"intermediate_size\": 64", "\"intermediate_size\": 48"));
      assertThatThrownBy(() -> HfCheckpoint.load(dir, root))
          .hasMessageContaining("intermediate.dense.weight").hasMessageContaining("shape");
    }
  }

  @Test
  void refusesACorruptWeightsFileNamingIt() throws IOException {
    try (NDManager root = NDManager.newBaseManager()) {
      HfCheckpoint.export(Encoder.random(EncoderConfig.tiny(Variant.BERT), root), dir, null);
      byte[] bytes = Files.readAllBytes(dir.resolve(HfCheckpoint.WEIGHTS));
      Files.write(dir.resolve(HfCheckpoint.WEIGHTS), java.util.Arrays.copyOf(bytes, 50));
      assertThatThrownBy(() -> HfCheckpoint.load(dir, root))
          .hasMessageContaining(HfCheckpoint.WEIGHTS);
    }
  }

  @Test
  void refusesADirectoryWithoutConfigNamingTheFile() {
    try (NDManager root = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> HfCheckpoint.load(dir, root)).hasMessageContaining("config.json");
    }
  }

  private void rewriteWeights(NDManager root, java.util.function.UnaryOperator<String> rename,
      String drop) throws IOException {
    Path file = dir.resolve(HfCheckpoint.WEIGHTS);
    try (NDManager tmp = root.newSubManager()) {
      java.util.Map<String, NDArray> kept = new java.util.TreeMap<>();
      Safetensors.read(file, tmp).forEach((name, a) -> {
        if (!name.equals(drop)) {
          kept.put(rename.apply(name), a);
        }
      });
      Safetensors.write(file, kept, Safetensors.PT);
    }
  }
}
