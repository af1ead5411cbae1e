package io.metastream.model.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metastream.domain.serde.Json;
import io.metastream.model.encoder.Encoder;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.EncoderConfig.Variant;
import io.metastream.model.encoder.EncoderWeights;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hugging Face checkpoint directories for BERT and RoBERTa, the layout
 * {@code BertModel.from_pretrained} / {@code RobertaModel.from_pretrained} and
 * {@code AutoTokenizer.from_pretrained} read without warnings:
 * <ul>
 *   <li>{@value #CONFIG}: architecture and sizes, {@code _name_or_path} the model's name;
 *   <li>{@value #WEIGHTS}: exactly the base model's state dict, keys WITHOUT the {@code bert.} /
 *       {@code roberta.} prefix (as {@code BertModel.save_pretrained} writes them; Transformers adds
 *       the prefix itself when a model with a head loads them), {@code pooler.dense} included,
 *       {@code __metadata__ {"format": "pt"}};
 *   <li>{@value #TOKENIZER} with padding and truncation null (callers choose them per call),
 *       {@value #TOKENIZER_CONFIG} with {@code model_max_length} = the position table's limit,
 *       {@value #SPECIAL_TOKENS}.
 * </ul>
 * Reading accepts keys with or without the prefix and ignores extra tensors.
 */
public final class HfCheckpoint {

  public static final String CONFIG = "config.json";
  public static final String WEIGHTS = "model.safetensors";
  public static final String TOKENIZER = "tokenizer.json";
  public static final String TOKENIZER_CONFIG = "tokenizer_config.json";
  public static final String SPECIAL_TOKENS = "special_tokens_map.json";
  /** Every file an export writes (the tokenizer files only when a tokenizer is given). */
  public static final List<String> FILES =
      List.of(CONFIG, WEIGHTS, TOKENIZER, TOKENIZER_CONFIG, SPECIAL_TOKENS);
  /** The pooler's two tensors: Metastream never uses them, but BertModel has them. */
  public static final String POOLER_WEIGHT = "pooler.dense.weight";
  public static final String POOLER_BIAS = "pooler.dense.bias";

  private HfCheckpoint() {}

  /** Reads {@code config.json} of {@code dir} into an encoder config. */
  public static EncoderConfig readConfig(Path dir) throws IOException {
    JsonNode json = readJson(require(dir.resolve(CONFIG)));
    Path file = dir.resolve(CONFIG);
    String type = string(json, "model_type", file);
    Variant variant = switch (type) {
      case "bert" -> Variant.BERT;
      case "roberta" -> Variant.ROBERTA;
      default -> throw new IOException(file + ": model_type '" + type
          + "' is not supported, use a bert or roberta checkpoint");
    };
    if (json.has("hidden_act") && !"gelu".equals(json.get("hidden_act").asText())) {
      throw new IOException(file + ": hidden_act must be gelu (exact), got "
          + json.get("hidden_act").asText());
    }
    try {
      return new EncoderConfig(variant, integer(json, "vocab_size", file),
          integer(json, "hidden_size", file), integer(json, "num_hidden_layers", file),
          integer(json, "num_attention_heads", file), integer(json, "intermediate_size", file),
          integer(json, "max_position_embeddings", file), json.path("type_vocab_size").asInt(2),
          (float) json.path("layer_norm_eps").asDouble(1e-12),
          json.path("pad_token_id").asInt(0),
          (float) json.path("hidden_dropout_prob").asDouble(0.1),
          (float) json.path("attention_probs_dropout_prob").asDouble(0.1));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** The model's name in {@code config.json} ({@code _name_or_path}), else the directory's name. */
  public static String readName(Path dir) throws IOException {
    JsonNode json = readJson(require(dir.resolve(CONFIG)));
    String name = json.path("_name_or_path").asText("");
    return name.isBlank() ? String.valueOf(dir.toAbsolutePath().normalize().getFileName()) : name;
  }

  /** Loads the encoder of {@code dir} into {@code manager}. */
  public static Encoder load(Path dir, NDManager manager) throws IOException {
    EncoderConfig config = readConfig(dir);
    Encoder encoder = Encoder.random(config, manager);
    try (NDManager tmp = manager.newSubManager()) {
      copyInto(encoder, readTensors(dir, config, tmp), dir.resolve(WEIGHTS));
    }
    return encoder;
  }

  /** Every tensor of {@code dir}'s weights, keys without the model prefix. */
  public static Map<String, NDArray> readTensors(Path dir, EncoderConfig config,
      NDManager manager) throws IOException {
    Path file = require(dir.resolve(WEIGHTS));
    String prefix = config.variant().prefix() + ".";
    Map<String, NDArray> out = new TreeMap<>();
    Safetensors.read(file, manager).forEach((name, a) ->
        out.put(name.startsWith(prefix) ? name.substring(prefix.length()) : name, a));
    return out;
  }

  static void copyInto(Encoder encoder, Map<String, NDArray> tensors, Path file)
      throws IOException {
    try {
      EncoderWeights.copyInto(encoder, tensors, file.toString());
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /**
   * Writes {@code encoder} as a Hugging Face directory named {@code name} in its config.
   * {@code pooler} holds {@link #POOLER_WEIGHT} and {@link #POOLER_BIAS} carried from the source;
   * when null (a source without a pooler, e.g. MiniLM's ONNX export, or a random base) the pooler is
   * written as identity weight and zero bias, so {@code pooler_output = tanh(h_CLS)}: complete for
   * {@code from_pretrained}, deterministic, and claiming nothing learnt. {@code tokenizerJson} null
   * skips the tokenizer files.
   */
  public static void export(Encoder encoder, Map<String, NDArray> pooler, String name, Path dir,
      byte[] tokenizerJson) throws IOException {
    Files.createDirectories(dir);
    EncoderConfig c = encoder.config();
    Files.writeString(dir.resolve(CONFIG), configJson(c, name), StandardCharsets.UTF_8);
    try (NDManager tmp = NDManager.newBaseManager()) {
      Map<String, NDArray> tensors = new TreeMap<>(encoder.arrays());
      Map<String, NDArray> p = pooler != null ? pooler : identityPooler(c.hiddenSize(), tmp);
      tensors.put(POOLER_WEIGHT, need(p, POOLER_WEIGHT));
      tensors.put(POOLER_BIAS, need(p, POOLER_BIAS));
      Safetensors.write(dir.resolve(WEIGHTS), tensors, Safetensors.PT);
    }
    if (tokenizerJson != null) {
      TokenizerFiles.write(dir, tokenizerJson, c);
    }
  }

  /** {@link #export(Encoder, Map, String, Path, byte[])} with the identity pooler. */
  public static void export(Encoder encoder, Path dir, byte[] tokenizerJson) throws IOException {
    export(encoder, null, "metastream-" + encoder.config().variant().prefix(), dir, tokenizerJson);
  }

  /** Identity weight and zero bias: see {@link #export(Encoder, Map, String, Path, byte[])}. */
  public static Map<String, NDArray> identityPooler(int hidden, NDManager manager) {
    Map<String, NDArray> p = new LinkedHashMap<>();
    p.put(POOLER_WEIGHT, manager.eye(hidden));
    p.put(POOLER_BIAS, manager.zeros(new ai.djl.ndarray.types.Shape(hidden)));
    return p;
  }

  private static NDArray need(Map<String, NDArray> pooler, String key) {
    NDArray a = pooler.get(key);
    if (a == null) {
      throw new IllegalArgumentException("pooler lacks '" + key + "'");
    }
    return a;
  }

  static String configJson(EncoderConfig c, String name) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    boolean bert = c.variant() == Variant.BERT;
    m.put("_name_or_path", name);
    m.put("architectures", List.of(bert ? "BertModel" : "RobertaModel"));
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
    m.put("initializer_range", 0.02);
    m.put("position_embedding_type", "absolute");
    m.put("torch_dtype", "float32");
    return pretty(m);
  }

  /**
   * {@code value} as JSON indented the way Python's {@code json.dumps(indent=2)} writes it (as
   * Transformers and PEFT do): {@code "key": value}, two-space indent, a final newline.
   */
  static String pretty(Object value) throws IOException {
    var printer = new com.fasterxml.jackson.core.util.DefaultPrettyPrinter()
        .withSeparators(com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER)
            .withObjectEmptySeparator("").withArrayEmptySeparator(""))
        .withArrayIndenter(com.fasterxml.jackson.core.util.DefaultIndenter.SYSTEM_LINEFEED_INSTANCE
            .withLinefeed("\n"))
        .withObjectIndenter(new com.fasterxml.jackson.core.util.DefaultIndenter("  ", "\n"));
    return Json.mapper().writer(printer).writeValueAsString(value) + "\n";
  }

  static JsonNode readJson(Path file) throws IOException {
    JsonNode json;
    try {
      json = Json.mapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
    }
    if (!(json instanceof ObjectNode)) {
      throw new IOException(file + " is not a JSON object");
    }
    return json;
  }

  private static Path require(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("checkpoint file " + file + " not found: a Hugging Face directory "
          + "needs " + CONFIG + " and " + WEIGHTS);
    }
    return file;
  }

  private static String string(JsonNode json, String key, Path file) throws IOException {
    if (!json.hasNonNull(key)) {
      throw new IOException(file + " lacks \"" + key + "\"");
    }
    return json.get(key).asText();
  }

  private static int integer(JsonNode json, String key, Path file) throws IOException {
    if (!json.hasNonNull(key) || !json.get(key).canConvertToInt()) {
      throw new IOException(file + " lacks \"" + key + "\" (an integer)");
    }
    return json.get(key).asInt();
  }
}
