package io.metastream.model.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metastream.domain.serde.Json;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.EncoderConfig.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tokenizer files of a Hugging Face directory. {@code tokenizer.json} is written with
 * {@code padding} and {@code truncation} null: a baked-in setting (MiniLM's ships "pad and
 * truncate to 128") would silently apply to every Python caller. {@code tokenizer_config.json}
 * states the real limit, {@code model_max_length} = the position table's
 * ({@link EncoderConfig#maxSequenceLength()}: 512 for MiniLM, max_position_embeddings - 2 for
 * RoBERTa), and the tokenizer class; {@code special_tokens_map.json} the family's special tokens.
 */
final class TokenizerFiles {

  private TokenizerFiles() {}

  static void write(Path dir, byte[] tokenizerJson, EncoderConfig c) throws IOException {
    JsonNode tokenizer;
    try {
      tokenizer = Json.mapper().readTree(tokenizerJson);
    } catch (IOException e) {
      throw new IOException("the tokenizer is not valid JSON: " + e.getMessage(), e);
    }
    if (!(tokenizer instanceof ObjectNode o) || !o.has("model")) {
      throw new IOException("the tokenizer is not a Hugging Face tokenizer.json (no \"model\")");
    }
    o.putNull("padding");
    o.putNull("truncation");
    Files.write(dir.resolve(HfCheckpoint.TOKENIZER), Json.mapper().writeValueAsBytes(o));
    Map<String, Object> special = specialTokens(c.variant());
    Map<String, Object> config = new LinkedHashMap<>(special);
    config.put("clean_up_tokenization_spaces", true);
    config.put("model_max_length", c.maxSequenceLength());
    if (c.variant() == Variant.BERT) {
      config.put("do_lower_case", o.path("normalizer").path("lowercase").asBoolean(true));
      config.put("tokenizer_class", "BertTokenizer");
    } else {
      config.put("add_prefix_space", false);
      config.put("tokenizer_class", "RobertaTokenizer");
    }
    Files.writeString(dir.resolve(HfCheckpoint.TOKENIZER_CONFIG), HfCheckpoint.pretty(config));
    Files.writeString(dir.resolve(HfCheckpoint.SPECIAL_TOKENS), HfCheckpoint.pretty(special));
  }

  private static Map<String, Object> specialTokens(Variant v) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (v == Variant.BERT) {
      m.put("cls_token", "[CLS]");
      m.put("mask_token", "[MASK]");
      m.put("pad_token", "[PAD]");
      m.put("sep_token", "[SEP]");
      m.put("unk_token", "[UNK]");
    } else {
      m.put("bos_token", "<s>");
      m.put("cls_token", "<s>");
      m.put("eos_token", "</s>");
      m.put("mask_token", "<mask>");
      m.put("pad_token", "<pad>");
      m.put("sep_token", "</s>");
      m.put("unk_token", "<unk>");
    }
    return m;
  }
}
