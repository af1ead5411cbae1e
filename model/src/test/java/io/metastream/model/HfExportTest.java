package io.metastream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metastream.model.encoder.Encoder;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.EncoderConfig.Variant;
import io.metastream.model.weights.BaseModel;
import io.metastream.model.weights.HfCheckpoint;
import io.metastream.model.weights.MiniLm;
import io.metastream.model.weights.Safetensors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What a Transformers user finds in an exported base directory, checked file by file. */
class HfExportTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /**
   * The state dict of Transformers' BertModel / RobertaModel (add_pooling_layer=True) for the
   * config, written out here from the module structure, independent of the exporter.
   */
  static Set<String> baseModelStateDict(EncoderConfig c) {
    Set<String> keys = new TreeSet<>();
    for (String e : new String[] {"word_embeddings", "position_embeddings",
        "token_type_embeddings"}) {
      keys.add("embeddings." + e + ".weight");
    }
    keys.add("embeddings.LayerNorm.weight");
    keys.add("embeddings.LayerNorm.bias");
    for (int l = 0; l < c.numLayers(); l++) {
      String p = "encoder.layer." + l + ".";
      for (String m : new String[] {"attention.self.query", "attention.self.key",
          "attention.self.value", "attention.output.dense", "attention.output.LayerNorm",
          "intermediate.dense", "output.dense", "output.LayerNorm"}) {
        keys.add(p + m + ".weight");
        keys.add(p + m + ".bias");
      }
    }
    keys.add("pooler.dense.weight");
    keys.add("pooler.dense.bias");
    return keys;
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void weightsHoldExactlyTheBaseModelStateDictWithPtMetadata(Variant variant) throws IOException {
    EncoderConfig config = EncoderConfig.tiny(variant);
    try (NDManager root = NDManager.newBaseManager()) {
      HfCheckpoint.export(Encoder.random(config, root), dir, null);
    }
    Path weights = dir.resolve(HfCheckpoint.WEIGHTS);
    assertThat(new TreeSet<>(Safetensors.names(weights))).isEqualTo(baseModelStateDict(config));
    assertThat(Safetensors.metadata(weights)).containsEntry("format", "pt");
    JsonNode cfg = JSON.readTree(dir.resolve(HfCheckpoint.CONFIG).toFile());
    assertThat(cfg.get("architectures").get(0).asText())
        .isEqualTo(variant == Variant.BERT ? "BertModel" : "RobertaModel");
  }

  @Test
  void safetensorsLayoutIsLengthThenJsonHeaderThenLittleEndianData() throws IOException {
    Path file = dir.resolve("t.safetensors");
    try (NDManager root = NDManager.newBaseManager()) {
      Safetensors.write(file, Map.of("b", root.create(new float[] {1.5f, -2f}),
          "a", root.create(new float[] {3f})), Safetensors.PT);
    }
    byte[] bytes = Files.readAllBytes(file);
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(n % 8).isZero();
    JsonNode header = JSON.readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
    assertThat(header.get("__metadata__").get("format").asText()).isEqualTo("pt");
    assertThat(header.get("a").get("dtype").asText()).isEqualTo("F32");
    assertThat(header.get("a").get("data_offsets").toString()).isEqualTo("[0,4]");
    assertThat(header.get("b").get("shape").toString()).isEqualTo("[2]");
    assertThat(header.get("b").get("data_offsets").toString()).isEqualTo("[4,12]");
    ByteBuffer data = ByteBuffer.wrap(bytes, 8 + (int) n, 12).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(new float[] {data.getFloat(), data.getFloat(), data.getFloat()})
        .containsExactly(3f, 1.5f, -2f);
  }

  @Test
  void readsHalfPrecisionTensorsOfOtherWriters() throws IOException {
    String json = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
        + "\"g\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[4,6]},"
        + "\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[6,14]}}";
    byte[] head = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + head.length + 14).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(head.length).put(head);
    b.putShort((short) 0x3c00).putShort((short) 0xc000); // 1.0, -2.0 in binary16
    b.putShort((short) 0x3fc0); // 1.5 in bfloat16
    b.putLong(7);
    Path file = dir.resolve("half.safetensors");
    Files.write(file, b.array());
    try (NDManager root = NDManager.newBaseManager()) {
      Map<String, NDArray> read = Safetensors.read(file, root);
      assertThat(read).containsOnlyKeys("h", "g");
      assertThat(read.get("h").toFloatArray()).containsExactly(1f, -2f);
      assertThat(read.get("g").toFloatArray()).containsExactly(1.5f);
    }
  }

  @Test
  void refusesNonFiniteWeightsNamingTheTensor() throws IOException {
    try (NDManager root = NDManager.newBaseManager()) {
      HfCheckpoint.export(Encoder.random(EncoderConfig.tiny(Variant.BERT), root), dir, null);
      Path file = dir.resolve(HfCheckpoint.WEIGHTS);
      Map<String, NDArray> t = new TreeMap<>(Safetensors.read(file, root));
      t.put("encoder.layer.1.output.dense.bias",
          root.create(new float[32]).add(Float.NaN));
      Safetensors.write(file, t, Safetensors.PT);
      assertThatThrownBy(() -> HfCheckpoint.load(dir, root))
          .hasMessageContaining("encoder.layer.1.output.dense.bias")
          .hasMessageContaining("non-finite");
    }
  }

  @Test
  void miniLmExportHasTheRealMaximumLengthAndNoBakedInPadding() throws IOException {
    try (NDManager root = NDManager.newBaseManager()) {
      BaseModel.load("minilm", root, 1, 0f).export(dir);
    }
    JsonNode tc = JSON.readTree(dir.resolve(HfCheckpoint.TOKENIZER_CONFIG).toFile());
    assertThat(tc.get("model_max_length").asInt()).isEqualTo(512);
    assertThat(tc.get("tokenizer_class").asText()).isEqualTo("BertTokenizer");
    assertThat(tc.get("do_lower_case").asBoolean()).isTrue();
    JsonNode st = JSON.readTree(dir.resolve(HfCheckpoint.SPECIAL_TOKENS).toFile());
    assertThat(st.get("pad_token").asText()).isEqualTo("[PAD]");
    assertThat(st.get("cls_token").asText()).isEqualTo("[CLS]");
    JsonNode tok = JSON.readTree(dir.resolve(HfCheckpoint.TOKENIZER).toFile());
    assertThat(tok.get("padding").isNull()).isTrue();
    assertThat(tok.get("truncation").isNull()).isTrue();
    assertThat(tok.get("model").get("vocab").size()).isEqualTo(30522);
    JsonNode cfg = JSON.readTree(dir.resolve(HfCheckpoint.CONFIG).toFile());
    assertThat(cfg.get("_name_or_path").asText()).isEqualTo(BaseModel.MINILM_NAME);
    assertThat(cfg.get("max_position_embeddings").asInt()).isEqualTo(512);
    // MiniLM's ONNX export carries no pooler: the identity pooler is written
    try (NDManager root = NDManager.newBaseManager()) {
      Map<String, NDArray> t = Safetensors.read(dir.resolve(HfCheckpoint.WEIGHTS), root);
      assertThat(t.get("pooler.dense.weight").toFloatArray())
          .containsExactly(root.eye(384).toFloatArray());
      assertThat(t.get("pooler.dense.bias").sum().getFloat()).isZero();
    }
  }

  @Test
  void miniLmOnnxHasNoPoolerToCarry() throws IOException {
    try (InputStream in = MiniLm.resource(MiniLm.ONNX_RESOURCE);
        NDManager root = NDManager.newBaseManager()) {
      var onnx = io.metastream.model.weights.OnnxModel.read(in, MiniLm.ONNX_RESOURCE);
      assertThat(MiniLm.encoderTensors(onnx, root).keySet()).noneMatch(k -> k.contains("pooler"));
    }
  }

  @Test
  void aPoolerInTheSourceIsCarriedUnchanged() throws IOException {
    Path source = dir.resolve("source");
    Path out = dir.resolve("out");
    try (NDManager root = NDManager.newBaseManager()) {
      BaseModel.load("tiny", root, 3, null).export(source);
      Path file = source.resolve(HfCheckpoint.WEIGHTS);
      Map<String, NDArray> t = new TreeMap<>(Safetensors.read(file, root));
      NDArray pooler = root.randomNormal(new ai.djl.ndarray.types.Shape(32, 32));
      t.put("pooler.dense.weight", pooler);
      Safetensors.write(file, t, Safetensors.PT);
      BaseModel.loadDirectory(source, root, null).export(out);
      Map<String, NDArray> carried = Safetensors.read(out.resolve(HfCheckpoint.WEIGHTS), root);
      assertThat(carried.get("pooler.dense.weight").toFloatArray())
          .containsExactly(pooler.toFloatArray());
      assertThat(new TreeSet<>(carried.keySet()))
          .isEqualTo(baseModelStateDict(BaseModel.tinyConfig()));
    }
    assertThat(HfCheckpoint.readName(out)).isEqualTo("metastream-tiny-bert");
    assertThat(out.resolve(HfCheckpoint.TOKENIZER_CONFIG)).exists();
  }
}
