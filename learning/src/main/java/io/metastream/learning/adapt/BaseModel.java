package io.metastream.learning.adapt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metastream.model.encoder.Encoder;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.EncoderWeights;
import io.metastream.model.text.PairTokenizer;
import io.metastream.model.weights.HfCheckpoint;
import io.metastream.model.weights.MiniLm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A base encoder with its tokenizer, loaded from one of: {@code minilm} (the pretrained MiniLM jar),
 * {@code tiny} (a small random BERT sharing MiniLM's vocabulary, for tests), or a Hugging Face
 * directory ({@code config.json}, {@code model.safetensors}, {@code tokenizer.json}). Exports the
 * same directory layout, base tensors only (keys without model prefix, as {@code BertModel} saves).
 *
 * <p>Why here and not in {@code model}: the model module had no checkpoint I/O yet when the learning
 * algorithms needed it; this is a small, self-contained reader/writer to be replaced by it.
 */
public final class BaseModel {

  public static final String CONFIG = "config.json";
  public static final String WEIGHTS = "model.safetensors";
  public static final String TOKENIZER = "tokenizer.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Encoder encoder;
  private final byte[] tokenizerJson;

  private BaseModel(Encoder encoder, byte[] tokenizerJson) {
    this.encoder = encoder;
    this.tokenizerJson = tokenizerJson;
  }

  public Encoder encoder() {
    return encoder;
  }

  public EncoderConfig config() {
    return encoder.config();
  }

  /** A new tokenizer over this base's {@code tokenizer.json} (close it). */
  public PairTokenizer tokenizer() throws IOException {
    return PairTokenizer.fromStream(new ByteArrayInputStream(tokenizerJson), config().variant());
  }

  /**
   * Loads {@code spec}: {@code minilm}, {@code tiny} or a directory path. {@code seed} only matters
   * for {@code tiny} (its random weights); {@code dropout} overrides the config's dropout when set.
   */
  public static BaseModel load(String spec, NDManager manager, long seed, Float dropout)
      throws IOException {
    switch (spec) {
      case "minilm" -> {
        EncoderConfig c = withDropout(EncoderConfig.miniLm(), dropout);
        return new BaseModel(MiniLm.load(manager, c), miniLmTokenizer());
      }
      case "tiny" -> {
        EncoderConfig c = withDropout(tinyConfig(), dropout);
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) seed);
        return new BaseModel(Encoder.random(c, manager), miniLmTokenizer());
      }
      default -> {
        return loadDirectory(Path.of(spec), manager, dropout);
      }
    }
  }

  /** Hidden 32, 2 layers, 2 heads, MiniLM's 30522-word vocabulary (so MiniLM's tokenizer fits). */
  public static EncoderConfig tinyConfig() {
    return new EncoderConfig(EncoderConfig.Variant.BERT, 30522, 32, 2, 2, 64, 128, 2, 1e-12f, 0,
        0f, 0f);
  }

  /** Reads a Hugging Face BERT/RoBERTa directory. */
  public static BaseModel loadDirectory(Path dir, NDManager manager, Float dropout)
      throws IOException {
    for (String f : new String[] {CONFIG, WEIGHTS, TOKENIZER}) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        throw new IOException(dir + " is not a base model directory: " + f + " is missing "
            + "(expected config.json, model.safetensors, tokenizer.json)");
      }
    }
    EncoderConfig c = withDropout(readConfig(JSON.readTree(dir.resolve(CONFIG).toFile())), dropout);
    Encoder encoder = Encoder.random(c, manager);
    try (NDManager tmp = manager.newSubManager();
        InputStream in = Files.newInputStream(dir.resolve(WEIGHTS))) {
      NDList list = NDList.decode(tmp, in);
      Map<String, NDArray> byName = new HashMap<>();
      String prefix = c.variant().prefix() + ".";
      for (NDArray a : list) {
        String name = a.getName();
        byName.put(name.startsWith(prefix) ? name.substring(prefix.length()) : name, a);
      }
      EncoderWeights.copyInto(encoder, byName, dir.resolve(WEIGHTS).toString());
    }
    return new BaseModel(encoder, Files.readAllBytes(dir.resolve(TOKENIZER)));
  }

  /** Writes config.json, model.safetensors (base tensors only) and tokenizer.json into {@code dir}. */
  public void export(Path dir) throws IOException {
    HfCheckpoint.export(encoder, dir, new ByteArrayInputStream(tokenizerJson));
  }

  static EncoderConfig readConfig(JsonNode o) {
    String type = o.path("model_type").asText("bert");
    EncoderConfig.Variant v = "roberta".equals(type) ? EncoderConfig.Variant.ROBERTA
        : EncoderConfig.Variant.BERT;
    return new EncoderConfig(v, req(o, "vocab_size"), req(o, "hidden_size"),
        req(o, "num_hidden_layers"), req(o, "num_attention_heads"), req(o, "intermediate_size"),
        req(o, "max_position_embeddings"), o.path("type_vocab_size").asInt(2),
        (float) o.path("layer_norm_eps").asDouble(1e-12), o.path("pad_token_id").asInt(0),
        (float) o.path("hidden_dropout_prob").asDouble(0.1),
        (float) o.path("attention_probs_dropout_prob").asDouble(0.1));
  }

  private static int req(JsonNode o, String field) {
    if (!o.hasNonNull(field)) {
      throw new IllegalArgumentException("config.json lacks '" + field + "'");
    }
    return o.get(field).asInt();
  }

  private static EncoderConfig withDropout(EncoderConfig c, Float dropout) {
    return dropout == null ? c : c.withDropout(dropout, dropout);
  }

  private static byte[] miniLmTokenizer() throws IOException {
    try (InputStream in = MiniLm.resource(MiniLm.TOKENIZER_RESOURCE)) {
      return in.readAllBytes();
    }
  }
}
