package io.metastream.model.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.util.JsonUtils;
import com.google.gson.JsonObject;
import io.metastream.model.encoder.Encoder;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.EncoderConfig.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hugging Face checkpoint directories for BERT and RoBERTa: {@code config.json},
 * {@code model.safetensors} (keys with or without the {@code bert.} / {@code roberta.} prefix)
 * and {@code tokenizer.json}. Export writes the same layout, keys prefixed, so Transformers'
 * {@code AutoModel.from_pretrained} reads it.
 */
public final class HfCheckpoint {

  public static final String CONFIG = "config.json";
  public static final String WEIGHTS = "model.safetensors";
  public static final String TOKENIZER = "tokenizer.json";

  private HfCheckpoint() {}

  /** Reads {@code config.json} of {@code dir} into an encoder config. */
  public static EncoderConfig readConfig(Path dir) throws IOException {
    Path file = require(dir.resolve(CONFIG));
    JsonObject json;
    try {
      json = JsonUtils.GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8),
          JsonObject.class);
    } catch (RuntimeException e) {
      throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
    }
    String type = string(json, "model_type", file);
    Variant variant = switch (type) {
      case "bert" -> Variant.BERT;
      case "roberta" -> Variant.ROBERTA;
      default -> throw new IOException(file + ": model_type '" + type
          + "' is not supported, use a bert or roberta checkpoint");
    };
    if (json.has("hidden_act") && !"gelu".equals(json.get("hidden_act").getAsString())) {
      throw new IOException(file + ": hidden_act must be gelu (exact), got "
          + json.get("hidden_act").getAsString());
    }
    try {
      return new EncoderConfig(variant, integer(json, "vocab_size", file),
          integer(json, "hidden_size", file), integer(json, "num_hidden_layers", file),
          integer(json, "num_attention_heads", file), integer(json, "intermediate_size", file),
          integer(json, "max_position_embeddings", file), integer(json, "type_vocab_size", file),
          json.has("layer_norm_eps") ? json.get("layer_norm_eps").getAsFloat() : 1e-12f,
          json.has("pad_token_id") ? json.get("pad_token_id").getAsInt() : 0,
          dropout(json, "hidden_dropout_prob"), dropout(json, "attention_probs_dropout_prob"));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Loads the encoder of {@code dir} into {@code manager}. */
  public static Encoder load(Path dir, NDManager manager) throws IOException {
    EncoderConfig config = readConfig(dir);
    Path file = require(dir.resolve(WEIGHTS));
    Encoder encoder = Encoder.random(config, manager);
    try (NDManager tmp = manager.newSubManager(); InputStream in = Files.newInputStream(file)) {
      NDList list;
      try {
        list = NDList.decode(tmp, in);
      } catch (RuntimeException e) {
        throw new IOException("cannot read safetensors file " + file + " (corrupt or not "
            + "safetensors?): " + e.getMessage(), e);
      }
      Map<String, NDArray> byName = new HashMap<>();
      String prefix = config.variant().prefix() + ".";
      for (NDArray a : list) {
        String name = a.getName();
        if (name == null) {
          throw new IOException(file + " holds an unnamed tensor; is it a safetensors file?");
        }
        byName.put(name.startsWith(prefix) ? name.substring(prefix.length()) : name, a);
      }
      io.metastream.model.encoder.EncoderWeights.copyInto(encoder, byName, file.toString());
    }
    return encoder;
  }

  /**
   * Writes {@code encoder} as a Hugging Face directory; copies {@code tokenizerJson} into it when
   * given (null to skip).
   */
  public static void export(Encoder encoder, Path dir, InputStream tokenizerJson)
      throws IOException {
    Files.createDirectories(dir);
    EncoderConfig c = encoder.config();
    Files.writeString(dir.resolve(CONFIG), configJson(c), StandardCharsets.UTF_8);
    String prefix = c.variant().prefix() + ".";
    try (NDManager tmp = NDManager.newBaseManager();
        OutputStream out = Files.newOutputStream(dir.resolve(WEIGHTS))) {
      NDList list = new NDList();
      for (var e : encoder.arrays().entrySet()) {
        NDArray copy = e.getValue().duplicate();
        copy.attach(tmp);
        copy.setName(prefix + e.getKey());
        list.add(copy);
      }
      list.encode(out, NDList.Encoding.SAFETENSORS);
    }
    if (tokenizerJson != null) {
      Files.copy(tokenizerJson, dir.resolve(TOKENIZER), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static String configJson(EncoderConfig c) {
    Map<String, Object> m = new LinkedHashMap<>();
    boolean bert = c.variant() == Variant.BERT;
    m.put("architectures", new String[] {bert ? "BertModel" : "RobertaModel"});
    m.put("model_type", c.variant().prefix());
    m.put("vocab_size", c.vocabSize());
    m.put("hidden_size", c.hiddenSize());
    m.put("num_hidden_layers", c.numLayers());
    m.put("num_attention_heads", c.numHeads());
    m.put("intermediate_size", c.intermediateSize());
    m.put("max_position_embeddings", c.maxPositions());
    m.put("type_vocab_size", c.typeVocabSize());
    m.put("layer_norm_eps", c.layerNormEps());
    m.put("pad_token_id", c.padTokenId());
    m.put("hidden_act", "gelu");
    m.put("hidden_dropout_prob", c.hiddenDropout());
    m.put("attention_probs_dropout_prob", c.attentionDropout());
    m.put("position_embedding_type", "absolute");
    m.put("torch_dtype", "float32");
    return JsonUtils.GSON_PRETTY.toJson(m) + "\n";
  }

  private static Path require(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("checkpoint file " + file + " not found: a Hugging Face directory "
          + "needs " + CONFIG + " and " + WEIGHTS);
    }
    return file;
  }

  private static String string(JsonObject json, String key, Path file) throws IOException {
    if (!json.has(key)) {
      throw new IOException(file + " lacks \"" + key + "\"");
    }
    return json.get(key).getAsString();
  }

  private static int integer(JsonObject json, String key, Path file) throws IOException {
    if (!json.has(key)) {
      throw new IOException(file + " lacks \"" + key + "\"");
    }
    return json.get(key).getAsInt();
  }

  private static float dropout(JsonObject json, String key) {
    return json.has(key) ? json.get(key).getAsFloat() : 0.1f;
  }
}
