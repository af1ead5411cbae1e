package io.metastream.learning.experiment;

import io.metastream.domain.Algorithm;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plain launcher until the CLI wires {@code metastream experiment}:
 * {@code ExperimentMain <quick|paper> <train file> <eval file> <out dir> [key=value ...]} where keys
 * are {@link ExperimentConfig} component names (lists comma-separated), e.g. {@code model=tiny}.
 */
public final class ExperimentMain {

  private ExperimentMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: ExperimentMain <quick|paper> <train file> <eval file> <out dir> "
          + "[field=value ...]");
      System.exit(2);
    }
    ExperimentConfig c = ExperimentConfig.preset(args[0], Path.of(args[1]), Path.of(args[2]),
        Path.of(args[3]));
    Map<String, String> o = new HashMap<>();
    for (String kv : Arrays.copyOfRange(args, 4, args.length)) {
      int eq = kv.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("override '" + kv + "' is not field=value");
      }
      o.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    c = override(c, o);
    System.out.println("config: " + c);
    long t0 = System.nanoTime();
    Experiment.Result r = new Experiment().run(c, new ExperimentProgress() {
      @Override
      public void phase(String name, int index, int total) {
        System.out.printf(Locale.ROOT, "[%6.0f s] phase %d/%d: %s%n", secs(t0), index, total, name);
      }

      @Override
      public void step(long done, long total) {
        if (done == total || done % 10 == 0) {
          System.out.printf(Locale.ROOT, "[%6.0f s]   step %d/%d%n", secs(t0), done, total);
        }
      }

      @Override
      public void log(String message) {
        System.out.printf(Locale.ROOT, "[%6.0f s] %s%n", secs(t0), message);
      }
    });
    System.out.println(r.report().markdownTable());
    System.out.printf(Locale.ROOT, "total %.0f s; files %s%n", r.seconds(), r.files());
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  static ExperimentConfig override(ExperimentConfig c, Map<String, String> o) {
    Map<String, String> m = new HashMap<>(o);
    ExperimentConfig out = new ExperimentConfig(c.trainFile(), c.evalFile(),
        m.containsKey("methods") ? Arrays.stream(m.remove("methods").split(","))
            .map(s -> Algorithm.valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_')))
            .toList() : c.methods(),
        m.containsKey("ranks") ? ints(m.remove("ranks")) : c.ranks(),
        m.containsKey("seeds") ? ints(m.remove("seeds")).stream().map(Integer::longValue).toList()
            : c.seeds(),
        m.getOrDefault("scorer", c.scorer()), m.getOrDefault("model", c.model()),
        i(m, "trainPersonas", c.trainPersonas()),
        i(m, "examplesPerTrainPersona", c.examplesPerTrainPersona()),
        i(m, "evalPersonas", c.evalPersonas()), i(m, "support", c.support()),
        i(m, "query", c.query()), i(m, "retrainEpochs", c.retrainEpochs()),
        i(m, "retrainMaxSteps", c.retrainMaxSteps()), i(m, "adaptEpochs", c.adaptEpochs()),
        m.containsKey("adaptLr") ? Double.parseDouble(m.remove("adaptLr")) : c.adaptLr(),
        m.containsKey("retrainLr") ? Double.parseDouble(m.remove("retrainLr")) : c.retrainLr(),
        i(m, "negatives", c.negatives()), c.outputDir(), extra(m, "retrain.", c.retrainExtra()),
        extra(m, "adapt.", c.adaptExtra()));
    m.remove("scorer");
    m.remove("model");
    if (!m.isEmpty()) {
      throw new IllegalArgumentException("unknown overrides " + m.keySet());
    }
    return out;
  }

  /** Overrides with {@code prefix}, e.g. {@code retrain.task_lr=1e-3}, on top of {@code base}. */
  private static Map<String, String> extra(Map<String, String> m, String prefix,
      Map<String, String> base) {
    Map<String, String> out = new HashMap<>(base);
    for (String k : List.copyOf(m.keySet())) {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), m.remove(k));
      }
    }
    return out;
  }

  private static int i(Map<String, String> m, String key, int def) {
    String v = m.remove(key);
    return v == null ? def : Integer.parseInt(v);
  }

  private static List<Integer> ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList();
  }
}
