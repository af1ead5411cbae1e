package io.metastream.model.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.EncoderWeights;
import io.metastream.model.encoder.LinearTarget;
import io.metastream.model.lora.LoraBank;
import io.metastream.model.lora.LoraConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One task's adapter in the Hugging Face PEFT layout, loadable by {@code PeftModel.from_pretrained}
 * on the exported base ({@code AutoModel}, i.e. {@code BertModel}) with no missing or unexpected
 * keys, scoring as Metastream scores:
 * <ul>
 *   <li>{@value #CONFIG}: the fields PEFT's {@code LoraConfig} writes, keys sorted as PEFT writes
 *       them; {@code task_type FEATURE_EXTRACTION}, {@code inference_mode true}; {@code
 *       target_modules} a regex string (PEFT full-matches a string against each module name) that
 *       selects exactly the adapted Linears of every layer, with or without a model prefix, and not
 *       {@code pooler.dense} (a list such as ["dense", ...] would: PEFT matches list entries as
 *       name suffixes); {@code base_model_name_or_path} the base's name, never a local path.
 *   <li>{@value #WEIGHTS}: {@code base_model.model.<module>.lora_A.weight} [r, in] and
 *       {@code .lora_B.weight} [out, r]; its {@code __metadata__} holds {@code format: pt} and the
 *       base's name and sha256 ({@value #BASE_SHA256}): the digest lives there because PEFT
 *       versions before forward-compatible config loading refuse unknown adapter_config keys.
 *   <li>{@value #HEAD_FILE}, only when the adapter has a per-task head (the cross-encoder's 2-class
 *       classifier, or the bi-encoder's optional persona vector): PEFT does not read it. The
 *       cross-encoder's head is not carried as {@code modules_to_save} on purpose: PEFT's
 *       sequence-classification head sits on BERT's CLS pooler, Metastream's on the mean-pooled
 *       states, so a PEFT classifier could not reproduce Metastream's scores. The bi-encoder's
 *       default adapter has no head, so PEFT alone carries all of it.
 * </ul>
 * Output is deterministic, so exports compare byte for byte.
 */
public final class PeftAdapter {

  public static final String CONFIG = "adapter_config.json";
  public static final String WEIGHTS = "adapter_model.safetensors";
  public static final String HEAD_FILE = "metastream_head.safetensors";
  public static final String BASE_NAME = "base_model_name_or_path";
  public static final String BASE_SHA256 = "base_model_sha256";
  private static final String KEY_PREFIX = "base_model.model.";
  private static final String HEAD_PREFIX = "head.";

  /** The base an adapter applies to: its name and the sha256 of its weights file. */
  public record Base(String name, String sha256) {
    /** Name ({@link HfCheckpoint#readName}) and digest of the base directory {@code dir}. */
    public static Base of(Path dir) throws IOException {
      return new Base(HfCheckpoint.readName(dir), PeftAdapter.sha256(dir.resolve(HfCheckpoint.WEIGHTS)));
    }
  }

  private PeftAdapter() {}

  /** The key of one LoRA matrix in a slot map: {@code <module path>.lora_A} / {@code .lora_B}. */
  public static String slotKey(int layer, LinearTarget target, String ab) {
    return target.modulePath(layer) + ".lora_" + ab;
  }

  /**
   * Writes an adapter from {@code slot}: {@link #slotKey} entries for every target of
   * {@code lora} on every layer of {@code encoder}, plus any {@code head.*} entries (to
   * {@value #HEAD_FILE}).
   */
  public static void write(Path dir, LoraConfig lora, EncoderConfig encoder,
      Map<String, NDArray> slot, Base base) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(CONFIG), configJson(lora, base.name()),
        StandardCharsets.UTF_8);
    Map<String, NDArray> tensors = new TreeMap<>();
    for (int layer = 0; layer < encoder.numLayers(); layer++) {
      for (LinearTarget t : lora.targets()) {
        for (String ab : new String[] {"A", "B"}) {
          tensors.put(KEY_PREFIX + slotKey(layer, t, ab).replace(".lora_" + ab,
              ".lora_" + ab + ".weight"), need(slot, slotKey(layer, t, ab), "the adapter"));
        }
      }
    }
    Map<String, String> meta = new TreeMap<>(Safetensors.PT);
    meta.put(BASE_NAME, base.name());
    meta.put(BASE_SHA256, base.sha256());
    Safetensors.write(dir.resolve(WEIGHTS), tensors, meta);
    Map<String, NDArray> head = new TreeMap<>();
    slot.forEach((k, a) -> {
      if (k.startsWith(HEAD_PREFIX)) {
        head.put(k, a);
      }
    });
    writeHead(dir, head);
  }

  /**
   * Writes a task's head tensors ({@code head.*}) to {@value #HEAD_FILE} in {@code dir}, or removes
   * that file when {@code head} is empty (an adapter without a head).
   */
  public static void writeHead(Path dir, Map<String, NDArray> head) throws IOException {
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve(HEAD_FILE));
    if (!head.isEmpty()) {
      Safetensors.write(dir.resolve(HEAD_FILE), head, Safetensors.PT);
    }
  }

  /** The head tensors stored in {@code dir}'s {@value #HEAD_FILE}, by name; empty without one. */
  public static Map<String, NDArray> readHead(Path dir, NDManager manager) throws IOException {
    Path file = dir.resolve(HEAD_FILE);
    return Files.isRegularFile(file) ? Safetensors.read(file, manager) : Map.of();
  }

  /** Writes task {@code task} of {@code bank} to {@code dir}. */
  public static void export(LoraBank bank, int task, Path dir, Base base, NDManager manager)
      throws IOException {
    try (NDManager tmp = manager.newSubManager()) {
      List<NDArray[]> adapters = bank.adapterOf(task, tmp);
      Map<String, NDArray> slot = new LinkedHashMap<>();
      int i = 0;
      for (int layer = 0; layer < bank.encoderConfig().numLayers(); layer++) {
        for (LinearTarget t : LinearTarget.values()) {
          if (bank.loraConfig().targets().contains(t)) {
            NDArray[] ab = adapters.get(i++);
            slot.put(slotKey(layer, t, "A"), ab[0]);
            slot.put(slotKey(layer, t, "B"), ab[1]);
          }
        }
      }
      write(dir, bank.loraConfig(), bank.encoderConfig(), slot, base);
    }
  }

  /**
   * Reads {@code adapter_config.json} of {@code dir}; the targets are the Linears its
   * {@code target_modules} selects under PEFT's matching rules ({@link #selects}), which must be
   * all layers or none for each Linear.
   */
  public static LoraConfig readConfig(Path dir) throws IOException {
    Path file = require(dir.resolve(CONFIG));
    JsonNode json = HfCheckpoint.readJson(file);
    try {
      if (!"LORA".equals(json.path("peft_type").asText())) {
        throw new IOException(file + ": peft_type must be LORA");
      }
      if (json.path("fan_in_fan_out").asBoolean(false)) {
        throw new IOException(file + ": fan_in_fan_out true (Conv1D weights) is not supported");
      }
      Set<LinearTarget> targets = EnumSet.noneOf(LinearTarget.class);
      JsonNode modules = json.path("target_modules");
      for (LinearTarget t : LinearTarget.values()) {
        // layer 0 and a far layer: layers_to_transform-style partial selection is refused
        boolean first = selects(modules, t.modulePath(0));
        if (first != selects(modules, t.modulePath(1))) {
          throw new IOException(file + ": target_modules selects " + t.path()
              + " in some layers only, which Metastream does not support");
        }
        if (first) {
          targets.add(t);
        }
      }
      return new LoraConfig(json.path("r").asInt(0), (float) json.path("lora_alpha").asDouble(0),
          (float) json.path("lora_dropout").asDouble(0), targets);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " is not a valid PEFT LoRA config: " + e.getMessage(), e);
    }
  }

  /**
   * PEFT's rule for whether {@code target_modules} selects module {@code name}: a string is a
   * regex that must match the whole name; a list selects a name equal to an entry or ending in
   * "." + entry.
   */
  static boolean selects(JsonNode targetModules, String name) {
    if (targetModules.isTextual()) {
      return Pattern.compile(targetModules.asText()).matcher(name).matches();
    }
    for (JsonNode entry : targetModules) {
      String e = entry.asText();
      if (name.equals(e) || name.endsWith("." + e)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads the adapter of {@code dir} into the arrays of {@code slot} (keys as {@link #slotKey},
   * head entries {@code head.*}): every targeted LoRA matrix must be in the file with the slot's
   * shape; head tensors are read when {@value #HEAD_FILE} exists.
   */
  public static void readInto(Map<String, NDArray> slot, EncoderConfig encoder, Path dir,
      NDManager manager) throws IOException {
    LoraConfig config = readConfig(dir);
    Path file = require(dir.resolve(WEIGHTS));
    try (NDManager tmp = manager.newSubManager()) {
      Map<String, NDArray> byKey = Safetensors.read(file, tmp);
      Map<String, NDArray[]> pairs = new LinkedHashMap<>();
      for (int layer = 0; layer < encoder.numLayers(); layer++) {
        for (LinearTarget t : config.targets()) {
          for (String ab : new String[] {"A", "B"}) {
            String key = slotKey(layer, t, ab);
            NDArray src = need(byKey, KEY_PREFIX + key.replace(".lora_" + ab, ".lora_" + ab
                + ".weight"), file.toString());
            pairs.put(key, new NDArray[] {src, need(slot, key, "the bank")});
          }
        }
      }
      readHead(dir, tmp).forEach((k, a) -> {
        if (slot.containsKey(k)) {
          pairs.put(k, new NDArray[] {a, slot.get(k)});
        }
      });
      for (var e : pairs.entrySet()) {
        NDArray[] p = e.getValue();
        if (!p[0].getShape().equals(p[1].getShape())) {
          throw new IOException(file + ": tensor '" + e.getKey() + "' has shape "
              + p[0].getShape() + " but " + p[1].getShape() + " is expected; check rank and base");
        }
      }
      pairs.values().forEach(p -> EncoderWeights.copy(p[0], p[1]));
    }
  }

  /**
   * Loads the adapter of {@code dir} into task {@code task} of {@code bank}; rank and targets
   * must match the bank, every tensor must be present with the right shape.
   */
  public static void importInto(LoraBank bank, int task, Path dir, NDManager manager)
      throws IOException {
    LoraConfig config = readConfig(dir);
    LoraConfig mine = bank.loraConfig();
    if (config.rank() != mine.rank() || !config.targets().equals(mine.targets())) {
      throw new IOException(dir.resolve(CONFIG) + ": adapter has rank " + config.rank()
          + " on " + config.targets() + " but the bank has rank " + mine.rank() + " on "
          + mine.targets());
    }
    EncoderConfig enc = bank.encoderConfig();
    try (NDManager tmp = manager.newSubManager()) {
      Map<String, NDArray> slot = new LinkedHashMap<>();
      for (int layer = 0; layer < enc.numLayers(); layer++) {
        for (LinearTarget t : mine.targets()) {
          slot.put(slotKey(layer, t, "A"), tmp.zeros(bank.a(layer, t).getShape().slice(1)));
          slot.put(slotKey(layer, t, "B"), tmp.zeros(bank.b(layer, t).getShape().slice(1)));
        }
      }
      readInto(slot, enc, dir, tmp);
      for (int layer = 0; layer < enc.numLayers(); layer++) {
        for (LinearTarget t : mine.targets()) {
          bank.setAdapter(task, layer, t, slot.get(slotKey(layer, t, "A")),
              slot.get(slotKey(layer, t, "B")));
        }
      }
    }
  }

  /** A full-match regex for exactly the {@code targets} Linears of every layer, any prefix. */
  static String targetRegex(Set<LinearTarget> targets) {
    StringJoiner alternatives = new StringJoiner("|", "(", ")");
    for (LinearTarget t : LinearTarget.values()) {
      if (targets.contains(t)) {
        alternatives.add(t.path().replace(".", "\\."));
      }
    }
    return "(.*\\.)?encoder\\.layer\\.\\d+\\." + alternatives;
  }

  static String configJson(LoraConfig c, String baseModel) throws IOException {
    Map<String, Object> m = new TreeMap<>();
    m.put("alpha_pattern", Map.of());
    m.put("auto_mapping", null);
    m.put("base_model_name_or_path", baseModel);
    m.put("bias", "none");
    m.put("fan_in_fan_out", false);
    m.put("inference_mode", true);
    m.put("init_lora_weights", true);
    m.put("layers_pattern", null);
    m.put("layers_to_transform", null);
    m.put("lora_alpha", c.alpha() == Math.rint(c.alpha()) ? (Object) (int) c.alpha() : c.alpha());
    m.put("lora_dropout", c.dropout());
    m.put("modules_to_save", null);
    m.put("peft_type", "LORA");
    m.put("r", c.rank());
    m.put("rank_pattern", Map.of());
    m.put("revision", null);
    m.put("target_modules", targetRegex(c.targets()));
    m.put("task_type", "FEATURE_EXTRACTION");
    return HfCheckpoint.pretty(m);
  }

  /** Hex sha256 of {@code file}. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(require(file))) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM lacks SHA-256", e);
    }
  }

  private static NDArray need(Map<String, NDArray> byKey, String key, String origin)
      throws IOException {
    NDArray a = byKey.get(key);
    if (a == null) {
      throw new IOException(origin + " lacks tensor '" + key + "'");
    }
    return a;
  }

  private static Path require(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("adapter file " + file + " not found: a PEFT directory needs "
          + CONFIG + " and " + WEIGHTS);
    }
    return file;
  }
}
