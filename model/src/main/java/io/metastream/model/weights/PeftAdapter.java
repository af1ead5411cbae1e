package io.metastream.model.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.util.JsonUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.LinearTarget;
import io.metastream.model.lora.LoraBank;
import io.metastream.model.lora.LoraConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One task's adapter in the Hugging Face PEFT layout: {@code adapter_config.json} (peft_type
 * LORA, r, lora_alpha, lora_dropout, target_modules, ...) and {@code adapter_model.safetensors}
 * with keys {@code base_model.model.<module path>.lora_A.weight} [r, in] and
 * {@code .lora_B.weight} [out, r], module paths like {@code encoder.layer.0.attention.self.query}.
 * Output is deterministic (sorted keys), so exports can be compared byte for byte.
 */
public final class PeftAdapter {

  public static final String CONFIG = "adapter_config.json";
  public static final String WEIGHTS = "adapter_model.safetensors";
  private static final String KEY_PREFIX = "base_model.model.";
  private static final Set<LinearTarget> DENSE = EnumSet.of(LinearTarget.ATTENTION_OUTPUT,
      LinearTarget.INTERMEDIATE, LinearTarget.OUTPUT);

  private PeftAdapter() {}

  /** Writes task {@code task} of {@code bank} to {@code dir}. */
  public static void export(LoraBank bank, int task, Path dir, String baseModel,
      NDManager manager) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(CONFIG), configJson(bank.loraConfig(), baseModel),
        StandardCharsets.UTF_8);
    try (NDManager tmp = manager.newSubManager();
        OutputStream out = Files.newOutputStream(dir.resolve(WEIGHTS))) {
      List<NDArray[]> adapters = bank.adapterOf(task, tmp);
      Map<String, NDArray> byKey = new java.util.TreeMap<>();
      int i = 0;
      for (int layer = 0; layer < bank.encoderConfig().numLayers(); layer++) {
        for (LinearTarget t : LinearTarget.values()) {
          if (bank.loraConfig().targets().contains(t)) {
            NDArray[] ab = adapters.get(i++);
            byKey.put(KEY_PREFIX + t.modulePath(layer) + ".lora_A.weight", ab[0]);
            byKey.put(KEY_PREFIX + t.modulePath(layer) + ".lora_B.weight", ab[1]);
          }
        }
      }
      NDList list = new NDList();
      byKey.forEach((key, a) -> {
        a.setName(key);
        list.add(a);
      });
      list.encode(out, NDList.Encoding.SAFETENSORS);
    }
  }

  /** Reads {@code adapter_config.json} of {@code dir}. */
  public static LoraConfig readConfig(Path dir) throws IOException {
    Path file = require(dir.resolve(CONFIG));
    try {
      JsonObject json = JsonUtils.GSON.fromJson(Files.readString(file), JsonObject.class);
      if (!"LORA".equals(json.get("peft_type").getAsString())) {
        throw new IOException(file + ": peft_type must be LORA");
      }
      Set<LinearTarget> targets = EnumSet.noneOf(LinearTarget.class);
      for (var el : json.getAsJsonArray("target_modules")) {
        if ("dense".equals(el.getAsString())) {
          targets.addAll(DENSE);
        } else {
          targets.add(target(el.getAsString(), file));
        }
      }
      return new LoraConfig(json.get("r").getAsInt(), json.get("lora_alpha").getAsFloat(),
          json.get("lora_dropout").getAsFloat(), targets);
    } catch (RuntimeException e) {
      throw new IOException(file + " is not a valid PEFT LoRA config: " + e.getMessage(), e);
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
    Path file = require(dir.resolve(WEIGHTS));
    try (NDManager tmp = manager.newSubManager(); InputStream in = Files.newInputStream(file)) {
      Map<String, NDArray> byKey = new HashMap<>();
      try {
        for (NDArray a : NDList.decode(tmp, in)) {
          byKey.put(a.getName(), a);
        }
      } catch (RuntimeException e) {
        throw new IOException("cannot read " + file + " (corrupt?): " + e.getMessage(), e);
      }
      EncoderConfig enc = bank.encoderConfig();
      for (int layer = 0; layer < enc.numLayers(); layer++) {
        for (LinearTarget t : mine.targets()) {
          String base = KEY_PREFIX + t.modulePath(layer);
          NDArray a = need(byKey, base + ".lora_A.weight", file);
          NDArray b = need(byKey, base + ".lora_B.weight", file);
          tmp.tempAttachAll(bank.a(layer, t), bank.b(layer, t));
          bank.setAdapter(task, layer, t, a, b);
        }
      }
    }
  }

  static String configJson(LoraConfig c, String baseModel) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("alpha_pattern", new LinkedHashMap<>());
    m.put("base_model_name_or_path", baseModel);
    m.put("bias", "none");
    m.put("fan_in_fan_out", false);
    m.put("inference_mode", true);
    m.put("init_lora_weights", true);
    m.put("lora_alpha", c.alpha() == Math.rint(c.alpha()) ? (Object) (int) c.alpha() : c.alpha());
    m.put("lora_dropout", c.dropout());
    m.put("modules_to_save", null);
    m.put("peft_type", "LORA");
    m.put("r", c.rank());
    m.put("rank_pattern", new LinkedHashMap<>());
    m.put("revision", null);
    // PEFT matches target names as module-path suffixes: "output.dense" would also catch
    // "attention.output.dense", so the three dense layers are written together as "dense"
    Set<String> names = new java.util.TreeSet<>();
    boolean allDense = c.targets().containsAll(DENSE);
    for (LinearTarget t : c.targets()) {
      names.add(allDense && DENSE.contains(t) ? "dense" : t.peftName());
    }
    JsonArray targets = new JsonArray();
    names.forEach(targets::add);
    m.put("target_modules", targets);
    m.put("task_type", "FEATURE_EXTRACTION");
    return JsonUtils.GSON_PRETTY.newBuilder().serializeNulls().setPrettyPrinting().create()
        .toJson(m) + "\n";
  }

  private static LinearTarget target(String name, Path file) throws IOException {
    List<String> known = new ArrayList<>();
    for (LinearTarget t : LinearTarget.values()) {
      known.add(t.peftName());
      if (t.peftName().equals(name)) {
        return t;
      }
    }
    throw new IOException(file + ": unknown target module '" + name + "', expected one of "
        + known);
  }

  private static NDArray need(Map<String, NDArray> byKey, String key, Path file)
      throws IOException {
    NDArray a = byKey.get(key);
    if (a == null) {
      throw new IOException(file + " lacks tensor '" + key + "'");
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
