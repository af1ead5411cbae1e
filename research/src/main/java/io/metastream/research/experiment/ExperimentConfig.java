package io.metastream.research.experiment;

import io.metastream.domain.Algorithm;
import io.metastream.learning.adapt.AdaptOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * What an experiment runs: retrain on the personas of {@code trainFile} with each method (once per
 * seed), then run the few-shot protocol on the unseen personas of {@code evalFile} at each rank.
 *
 * @param trainFile retraining data (any supported format)
 * @param evalFile evaluation data (its personas must not occur in {@code trainFile})
 * @param methods retraining methods
 * @param ranks few-shot LoRA ranks
 * @param seeds seeds (retraining seed = adaptation seed)
 * @param scorer bi | cross
 * @param model minilm | tiny | a Hugging Face directory (the pretrained start point)
 * @param trainPersonas number of largest retraining personas
 * @param examplesPerTrainPersona cap on examples per retraining persona
 * @param evalPersonas number of largest evaluation personas
 * @param support few-shot support examples per evaluation persona
 * @param query query examples per evaluation persona
 * @param retrainEpochs retraining epochs
 * @param retrainMaxSteps cap on retraining optimiser steps (0 = none)
 * @param adaptSteps few-shot budget: optimizer steps per evaluation persona
 * @param adaptLr few-shot AdamW peak learning rate
 * @param retrainLr retraining base learning rate
 * @param negatives distractors per context in training losses
 * @param outputDir where bases, the report and the chart go
 * @param retrainExtra further retraining options ({@code RetrainOptions} keys), applied last
 * @param adaptExtra further few-shot options ({@code AdaptOptions} keys), applied last
 */
public record ExperimentConfig(Path trainFile, Path evalFile, List<Algorithm> methods,
    List<Integer> ranks, List<Long> seeds, String scorer, String model, int trainPersonas,
    int examplesPerTrainPersona, int evalPersonas, int support, int query, int retrainEpochs,
    int retrainMaxSteps, int adaptSteps, double adaptLr, double retrainLr, int negatives, Path outputDir,
    Map<String, String> retrainExtra, Map<String, String> adaptExtra) {

  /** Quick: adapters and heads learn at 1e-3 during retraining (the base at 5e-5). */
  static final Map<String, String> QUICK_RETRAIN = Map.of("task_lr", "1e-3");
  /** Quick: no extra few-shot options. */
  static final Map<String, String> QUICK_ADAPT = Map.of();

  public ExperimentConfig {
    if (trainFile == null || evalFile == null || outputDir == null) {
      throw new IllegalArgumentException("trainFile, evalFile and outputDir are required");
    }
    methods = List.copyOf(methods);
    retrainExtra = retrainExtra == null ? Map.of() : Map.copyOf(retrainExtra);
    adaptExtra = adaptExtra == null ? Map.of() : Map.copyOf(adaptExtra);
    ranks = List.copyOf(ranks);
    seeds = List.copyOf(seeds);
    if (methods.isEmpty() || ranks.isEmpty() || seeds.isEmpty()) {
      throw new IllegalArgumentException("need at least one method, rank and seed");
    }
    if (!scorer.equals("bi") && !scorer.equals("cross")) {
      throw new IllegalArgumentException("scorer must be bi or cross, got " + scorer);
    }
    if (trainPersonas < 1 || evalPersonas < 1 || support < 1 || query < 1
        || examplesPerTrainPersona < 2 || retrainEpochs < 1 || adaptSteps < 1
        || retrainMaxSteps < 0 || negatives < 1 || !(retrainLr > 0) || !(adaptLr > 0)) {
      throw new IllegalArgumentException("persona counts, support, query, epochs, negatives and lr "
          + "must be positive (examplesPerTrainPersona >= 2, retrainMaxSteps >= 0)");
    }
  }

  /**
   * The {@code quick} preset: MiniLM bi-encoder; LoRA-ML, SR and NONE; rank 8; one seed;
   * 16 retraining personas x 24 examples, 1 epoch capped at 40 steps (lr 5e-5); 8 evaluation
   * personas with 8 support and 8 query examples (20 candidates each), the default few-shot
   * budget ({@link AdaptOptions#DEFAULT_STEPS} steps at {@link AdaptOptions#DEFAULT_LR}); 2
   * distractors per context in the losses. A smoke run: too few personas to separate methods.
   */
  public static ExperimentConfig quick(Path trainFile, Path evalFile, Path outputDir) {
    return new ExperimentConfig(trainFile, evalFile,
        List.of(Algorithm.LORA_ML, Algorithm.SR, Algorithm.NONE), List.of(8), List.of(1L), "bi",
        "minilm", 16, 24, 8, 8, 8, 1, 40, AdaptOptions.DEFAULT_STEPS, AdaptOptions.DEFAULT_LR,
        5e-5, 2, outputDir, QUICK_RETRAIN, QUICK_ADAPT);
  }

  /**
   * The {@code powered} preset, sized to see a 4-point hits@1 gap paired in at most 90 minutes on
   * an idle 2-core CPU: MiniLM bi-encoder; LoRA-ML, SR and NONE; rank 8; seeds 1 and 2;
   * retraining on the 16 largest retraining personas x 24 examples for 3 epochs (3 mini-batches
   * of 8 a persona an epoch: 9 updates for each LoRA-ML adapter, 144 steps; SR takes the same
   * batches in the same order), base lr 5e-5, adapters and heads 1e-3; evaluation on the 32
   * largest evaluation personas, 16 support (whole dialogues) and 8 query examples each (20
   * candidates), the default few-shot budget; 2 distractors per context in the losses. Support 16
   * rather than 8 was chosen on retraining-side personas (README, "Choosing the few-shot budget").
   */
  public static ExperimentConfig powered(Path trainFile, Path evalFile, Path outputDir) {
    return new ExperimentConfig(trainFile, evalFile,
        List.of(Algorithm.LORA_ML, Algorithm.SR, Algorithm.NONE), List.of(8), List.of(1L, 2L),
        "bi", "minilm", 16, 24, 32, 16, 8, 3, 0, AdaptOptions.DEFAULT_STEPS,
        AdaptOptions.DEFAULT_LR, 5e-5, 2, outputDir, QUICK_RETRAIN, QUICK_ADAPT);
  }

  /**
   * The {@code paper} preset (arXiv 2410.22264 on ConvAI2, with MiniLM in place of RoBERTa-base):
   * cross-encoder; LoRA-ML, SR, Reptile, last-layer-ML, NONE; ranks 1, 4, 8, 12, 16; 5 seeds;
   * 100 retraining personas (all their examples, up to 500), 10 epochs, lr 5e-5; 100 evaluation
   * personas, 16 support, all other examples as query; the paper's few-shot budget of 10 epochs
   * over 16 support examples at batch 8 (20 steps) at lr 1e-4. Hours to days on a CPU.
   */
  public static ExperimentConfig paper(Path trainFile, Path evalFile, Path outputDir) {
    return new ExperimentConfig(trainFile, evalFile,
        List.of(Algorithm.LORA_ML, Algorithm.SR, Algorithm.REPTILE, Algorithm.LAST_LAYER_ML,
            Algorithm.NONE), List.of(1, 4, 8, 12, 16), List.of(1L, 2L, 3L, 4L, 5L), "cross",
        "minilm", 100, 500, 100, 16, 1000, 10, 0, 20, 1e-4, 5e-5, 3, outputDir, Map.of(), Map.of());
  }

  /** A preset by name: quick | powered | paper. */
  public static ExperimentConfig preset(String name, Path trainFile, Path evalFile, Path out) {
    return switch (name) {
      case "quick" -> quick(trainFile, evalFile, out);
      case "powered" -> powered(trainFile, evalFile, out);
      case "paper" -> paper(trainFile, evalFile, out);
      default -> throw new IllegalArgumentException("unknown preset '" + name
          + "' (quick | powered | paper)");
    };
  }

  /**
   * This config with {@code overrides} applied: keys are component names ({@code trainPersonas=32},
   * lists comma-separated: {@code methods=lora-ml,sr}, {@code ranks=1,8}) or option keys with a prefix,
   * {@code retrain.KEY} / {@code adapt.KEY} (e.g. {@code retrain.task_lr=1e-3}), added to
   * {@link #retrainExtra()} / {@link #adaptExtra()}. The files and the output directory are not
   * overridable here. Unknown keys and unparsable values are rejected, naming the key.
   */
  public ExperimentConfig withOverrides(Map<String, String> overrides) {
    Map<String, String> m = new HashMap<>(overrides);
    ExperimentConfig out = new ExperimentConfig(trainFile, evalFile,
        m.containsKey("methods") ? Arrays.stream(m.remove("methods").split(","))
            .map(ExperimentConfig::algorithm).toList() : methods,
        m.containsKey("ranks") ? ints(m, "ranks") : ranks,
        m.containsKey("seeds") ? ints(m, "seeds").stream().map(Integer::longValue).toList() : seeds,
        str(m, "scorer", scorer), str(m, "model", model),
        num(m, "trainPersonas", trainPersonas),
        num(m, "examplesPerTrainPersona", examplesPerTrainPersona),
        num(m, "evalPersonas", evalPersonas), num(m, "support", support), num(m, "query", query),
        num(m, "retrainEpochs", retrainEpochs), num(m, "retrainMaxSteps", retrainMaxSteps),
        num(m, "adaptSteps", adaptSteps), real(m, "adaptLr", adaptLr),
        real(m, "retrainLr", retrainLr), num(m, "negatives", negatives), outputDir,
        prefixed(m, "retrain.", retrainExtra), prefixed(m, "adapt.", adaptExtra));
    if (!m.isEmpty()) {
      throw new IllegalArgumentException("unknown experiment settings " + new TreeSet<>(m.keySet())
          + " (ExperimentConfig component names, or retrain.KEY / adapt.KEY)");
    }
    return out;
  }

  /** An algorithm by its report name (lora-ml) or enum name (LORA_ML). */
  private static Algorithm algorithm(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    try {
      return Algorithm.valueOf(n);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("methods: unknown method '" + name.trim() + "' (one of "
          + Arrays.toString(Algorithm.values()) + ")", e);
    }
  }

  private static Map<String, String> prefixed(Map<String, String> m, String prefix,
      Map<String, String> base) {
    Map<String, String> out = new HashMap<>(base);
    for (String k : List.copyOf(m.keySet())) {
      if (k.startsWith(prefix) && k.length() > prefix.length()) {
        out.put(k.substring(prefix.length()), m.remove(k));
      }
    }
    return out;
  }

  private static String str(Map<String, String> m, String key, String def) {
    String v = m.remove(key);
    return v == null ? def : v;
  }

  private static int num(Map<String, String> m, String key, int def) {
    String v = m.remove(key);
    try {
      return v == null ? def : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'", e);
    }
  }

  private static double real(Map<String, String> m, String key, double def) {
    String v = m.remove(key);
    try {
      return v == null ? def : Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, got '" + v + "'", e);
    }
  }

  private static List<Integer> ints(Map<String, String> m, String key) {
    String v = m.remove(key);
    try {
      return Arrays.stream(v.split(",")).map(String::trim).map(Integer::parseInt).toList();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be comma-separated integers, got '" + v + "'", e);
    }
  }
}
