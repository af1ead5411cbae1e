package io.metastream.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metastream.model.encoder.Encoder;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.EncoderConfig.Variant;
import io.metastream.model.encoder.EncoderWeights;
import io.metastream.model.encoder.LinearTarget;
import io.metastream.model.lora.LoraBank;
import io.metastream.model.lora.LoraConfig;
import io.metastream.model.text.TokenBatch;
import io.metastream.model.lora.TaskIndex;
import io.metastream.model.train.BiEncoderScorer;
import io.metastream.model.train.ScorerOptions;
import io.metastream.model.train.ScoringModel;
import io.metastream.model.weights.HfCheckpoint;
import io.metastream.model.weights.PeftAdapter;
import io.metastream.model.weights.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What PEFT does with our files, without Python: its module selection re-implemented from its
 * documented rule, and a scorer that sees only the base and adapter directories.
 */
class PeftInteropTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** MiniLM's shape (6 layers) at a tiny width. */
  private static final EncoderConfig SIX_LAYERS =
      new EncoderConfig(Variant.BERT, 300, 32, 6, 2, 64, 64, 2, 1e-12f, 0, 0f, 0f);

  @TempDir Path dir;

  /**
   * PEFT's {@code check_target_module_exists} as documented: a string target_modules must match
   * the whole module name as a regex; a list matches a name equal to an entry or ending with "."
   * followed by the entry.
   */
  static boolean peftSelects(JsonNode targetModules, String moduleName) {
    if (targetModules.isTextual()) {
      return Pattern.matches(targetModules.asText(), moduleName);
    }
    for (JsonNode e : targetModules) {
      if (moduleName.equals(e.asText()) || moduleName.endsWith("." + e.asText())) {
        return true;
      }
    }
    return false;
  }

  /** Every named module of the model, from its parameter names (all their proper prefixes). */
  static Set<String> moduleNames(Set<String> parameterNames) {
    Set<String> out = new TreeSet<>();
    for (String p : parameterNames) {
      String[] parts = p.split("\\.");
      StringBuilder name = new StringBuilder();
      for (int i = 0; i < parts.length - 1; i++) {
        name.append(i == 0 ? "" : ".").append(parts[i]);
        out.add(name.toString());
      }
    }
    return out;
  }

  private Set<String> selected(JsonNode targetModules, Set<String> modules) {
    Set<String> out = new TreeSet<>();
    modules.stream().filter(m -> peftSelects(targetModules, m)).forEach(out::add);
    return out;
  }

  @Test
  void targetModulesSelectExactlyTheAdaptedLinearsAndNotThePooler() throws IOException {
    Path base = dir.resolve("base");
    Path adapter = dir.resolve("adapter");
    try (NDManager root = NDManager.newBaseManager()) {
      HfCheckpoint.export(Encoder.random(SIX_LAYERS, root), base, null);
      LoraBank bank = LoraBank.create(SIX_LAYERS, LoraConfig.of(2), 1, root);
      PeftAdapter.export(bank, 0, adapter, PeftAdapter.Base.of(base), root);
    }
    Set<String> modules = moduleNames(
        new TreeSet<>(Safetensors.names(base.resolve(HfCheckpoint.WEIGHTS))));
    JsonNode config = JSON.readTree(adapter.resolve(PeftAdapter.CONFIG).toFile());
    Set<String> adapted = new TreeSet<>();
    for (String key : Safetensors.names(adapter.resolve(PeftAdapter.WEIGHTS))) {
      if (key.endsWith(".lora_A.weight")) {
        adapted.add(key.substring("base_model.model.".length(),
            key.length() - ".lora_A.weight".length()));
      }
    }
    Set<String> selected = selected(config.get("target_modules"), modules);
    assertThat(selected).hasSize(36).isEqualTo(adapted).doesNotContain("pooler.dense");
    // a model with a head (BertForSequenceClassification) prefixes the names: still the same 36
    Set<String> prefixed = new TreeSet<>();
    modules.forEach(m -> prefixed.add("bert." + m));
    assertThat(selected(config.get("target_modules"), prefixed)).hasSize(36);
    // the list we used to write also wraps pooler.dense under PEFT's suffix rule
    JsonNode legacy = JSON.readTree("[\"dense\",\"key\",\"query\",\"value\"]");
    assertThat(selected(legacy, modules)).hasSize(37).contains("pooler.dense");
    assertThat(config.get("base_model_name_or_path").asText()).isEqualTo("metastream-bert");
    assertThat(Safetensors.metadata(adapter.resolve(PeftAdapter.WEIGHTS)))
        .containsEntry(PeftAdapter.BASE_SHA256,
            PeftAdapter.sha256(base.resolve(HfCheckpoint.WEIGHTS)));
  }

  @Test
  void queryAndValueOnlyAdaptersSelectTwelveModulesAndReadBack() throws IOException {
    Path adapter = dir.resolve("qv");
    LoraConfig qv = new LoraConfig(4, 8f, 0f, LoraConfig.QUERY_VALUE);
    try (NDManager root = NDManager.newBaseManager()) {
      PeftAdapter.export(LoraBank.create(SIX_LAYERS, qv, 1, root), 0, adapter,
          new PeftAdapter.Base("x", "0"), root);
    }
    Set<String> modules = new TreeSet<>();
    for (int l = 0; l < 6; l++) {
      for (LinearTarget t : LinearTarget.values()) {
        modules.add(t.modulePath(l));
      }
    }
    JsonNode config = JSON.readTree(adapter.resolve(PeftAdapter.CONFIG).toFile());
    assertThat(selected(config.get("target_modules"), modules)).hasSize(12)
        .allMatch(m -> m.endsWith("query") || m.endsWith("value"));
    assertThat(PeftAdapter.readConfig(adapter)).isEqualTo(qv);
  }

  @Test
  void aPeftUserScoresExactlyAsMetastreamFromTheTwoDirectoriesAlone() throws IOException {
    EncoderConfig config = EncoderConfig.tiny(Variant.BERT);
    LoraConfig lora = new LoraConfig(2, 16f, 0f, EnumSet.allOf(LinearTarget.class));
    TokenBatch contexts = Tiny.batch(3, 9, config.vocabSize(), config.padTokenId(), 5);
    TokenBatch candidates = Tiny.batch(4, 7, config.vocabSize(), config.padTokenId(), 6);
    Path base = dir.resolve("base");
    Path adapter = dir.resolve("adapter");
    float[][] metastream;
    float[][] baseOnly;
    try (NDManager root = NDManager.newBaseManager()) {
      Encoder encoder = Encoder.random(config, root);
      LoraBank bank = LoraBank.create(config, lora, 1, root);
      SplittableRandom random = new SplittableRandom(17);
      for (int l = 0; l < config.numLayers(); l++) {
        for (LinearTarget t : LinearTarget.values()) {
          bank.setAdapter(0, l, t, random(root, bank.a(l, t).getShape().slice(1), random),
              random(root, bank.b(l, t).getShape().slice(1), random));
        }
      }
      ScoringModel model = new ScoringModel(encoder, bank, null);
      metastream = cosineTimes20(
          BiEncoderScorer.embed(model, contexts, TaskIndex.of(root, new int[3]), ScorerOptions.Pooling.MEAN, root, false),
          BiEncoderScorer.embed(model, candidates, TaskIndex.of(root, new int[4]), ScorerOptions.Pooling.MEAN, root, false));
      ScoringModel noAdapter = new ScoringModel(encoder, null, null);
      baseOnly = cosineTimes20(
          BiEncoderScorer.embed(noAdapter, contexts, TaskIndex.of(root, new int[3]), ScorerOptions.Pooling.MEAN, root, false),
          BiEncoderScorer.embed(noAdapter, candidates, TaskIndex.of(root, new int[4]), ScorerOptions.Pooling.MEAN, root, false));
      HfCheckpoint.export(encoder, base, null);
      PeftAdapter.export(bank, 0, adapter, PeftAdapter.Base.of(base), root);
    }
    float[][] peft;
    float[][] merged;
    try (NDManager root = NDManager.newBaseManager()) {
      Encoder encoder = HfCheckpoint.load(base, root);
      peft = cosineTimes20(
          pooled(encoder, contexts, peftForward(encoder.config(), adapter, root), root),
          pooled(encoder, candidates, peftForward(encoder.config(), adapter, root), root));
      mergeAsPeftWould(encoder, adapter, root);
      merged = cosineTimes20(pooled(encoder, contexts, null, root),
          pooled(encoder, candidates, null, root));
    }
    float maxEffect = 0;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 4; j++) {
        assertThat(peft[i][j]).isCloseTo(metastream[i][j], org.assertj.core.data.Offset.offset(1e-5f));
        // merge_and_unload rounds W + s B A to float32 once: float noise only
        assertThat(merged[i][j]).isCloseTo(metastream[i][j], org.assertj.core.data.Offset.offset(1e-4f));
        maxEffect = Math.max(maxEffect, Math.abs(metastream[i][j] - baseOnly[i][j]));
      }
    }
    assertThat(maxEffect).as("the adapter changes the scores").isGreaterThan(1e-2f);
  }

  /**
   * PEFT's unmerged LoRA forward, from the adapter directory only: for each Linear whose module
   * name target_modules selects, add (lora_alpha / r) * B (A x).
   */
  private static io.metastream.model.encoder.LinearDelta peftForward(EncoderConfig c,
      Path adapter, NDManager root) throws IOException {
    JsonNode config = JSON.readTree(adapter.resolve(PeftAdapter.CONFIG).toFile());
    float scale = (float) (config.get("lora_alpha").asDouble() / config.get("r").asInt());
    Map<String, NDArray> tensors = Safetensors.read(adapter.resolve(PeftAdapter.WEIGHTS), root);
    return (layer, target, x, training) -> {
      String module = target.modulePath(layer);
      if (!peftSelects(config.get("target_modules"), module)) {
        return null;
      }
      NDArray a = tensors.get("base_model.model." + module + ".lora_A.weight");
      NDArray b = tensors.get("base_model.model." + module + ".lora_B.weight");
      return x.matMul(a.transpose()).matMul(b.transpose()).mul(scale);
    };
  }

  /** Mean-pooled last hidden states, as a sentence-transformers user pools BertModel's output. */
  private static NDArray pooled(Encoder encoder, TokenBatch tokens,
      io.metastream.model.encoder.LinearDelta delta, NDManager root) {
    var in = tokens.toNDList(root);
    NDArray hidden = encoder.forward(in.get(0), in.get(1), in.get(2), delta, false);
    NDArray mask = in.get(1).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).expandDims(2);
    return hidden.mul(mask).sum(new int[] {1}).div(mask.sum(new int[] {1}));
  }

  /**
   * W += (lora_alpha / r) B A for each module adapter_config's target_modules selects, read from
   * the adapter directory only (config and safetensors), as PEFT's merge_and_unload does.
   */
  private static void mergeAsPeftWould(Encoder encoder, Path adapter, NDManager root)
      throws IOException {
    JsonNode config = JSON.readTree(adapter.resolve(PeftAdapter.CONFIG).toFile());
    float scale = (float) (config.get("lora_alpha").asDouble() / config.get("r").asInt());
    Map<String, NDArray> tensors = new TreeMap<>(
        Safetensors.read(adapter.resolve(PeftAdapter.WEIGHTS), root));
    int merged = 0;
    for (String module : moduleNames(encoder.arrays().keySet())) {
      if (!peftSelects(config.get("target_modules"), module)) {
        continue;
      }
      NDArray a = tensors.get("base_model.model." + module + ".lora_A.weight");
      NDArray b = tensors.get("base_model.model." + module + ".lora_B.weight");
      assertThat(a).as("lora_A of " + module).isNotNull();
      assertThat(b).as("lora_B of " + module).isNotNull();
      NDArray w = encoder.array(module + ".weight");
      EncoderWeights.copy(w.add(b.matMul(a).mul(scale)), w);
      merged++;
    }
    assertThat(merged).isEqualTo(6 * encoder.config().numLayers());
  }

  private static float[][] cosineTimes20(NDArray contexts, NDArray candidates) {
    NDArray c = contexts.div(contexts.norm(new int[] {1}, true));
    NDArray d = candidates.div(candidates.norm(new int[] {1}, true));
    NDArray s = c.matMul(d.transpose()).mul(20f);
    long rows = s.getShape().get(0);
    long cols = s.getShape().get(1);
    float[] flat = s.toFloatArray();
    float[][] out = new float[(int) rows][(int) cols];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(flat, (int) (i * cols), out[i], 0, (int) cols);
    }
    return out;
  }

  private static NDArray random(NDManager m, Shape shape, SplittableRandom random) {
    float[] v = new float[(int) shape.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (random.nextDouble() - 0.5) * 0.5f;
    }
    return m.create(v, shape);
  }
}
