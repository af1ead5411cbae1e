package io.metastream.research.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metastream.domain.Algorithm;
import io.metastream.domain.ConversationExample;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.domain.data.OnError;
import io.metastream.domain.data.ReadOptions;
import io.metastream.learning.adapt.FewShotProtocol;
import io.metastream.learning.adapt.Portability;
import io.metastream.learning.adapt.Registry;
import io.metastream.learning.api.AdaptationRequest;
import io.metastream.learning.api.RetrainRequest;
import io.metastream.learning.api.RetrainResult;
import io.metastream.research.report.ChartSpec;
import io.metastream.learning.api.QueryOutcomes;
import io.metastream.research.report.ExperimentReport;
import io.metastream.research.report.PairedReport;
import io.metastream.research.report.PortedReport;
import io.metastream.research.report.ResultRow;
import io.metastream.learning.retrain.NeuralRetrainer;
import io.metastream.learning.tasks.PersonaTasks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs an {@link ExperimentConfig}: reads both files, builds the retraining tasks (largest personas)
 * and the held-out tasks (unseen personas, checked disjoint; when both files are the same file,
 * the held-out personas are the next-largest ones: a tuning split that never touches the real
 * evaluation personas), retrains each method once per seed,
 * runs the few-shot protocol on every base at every rank, and writes {@code report.md},
 * {@code report.csv}, {@code report.json}, {@code hits1.png} and {@code runs.json} (provenance of
 * every retraining and evaluation) into the output directory. Pure API: no CLI, no environment.
 */
public final class Experiment {

  /** What a run produced. */
  public record Result(ExperimentReport report, List<Path> files, double seconds) {
    public Result {
      files = List.copyOf(files);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  public Result run(ExperimentConfig c, ExperimentProgress progress) throws IOException {
    long start = System.nanoTime();
    ReadOptions read = ReadOptions.defaults().withOnError(OnError.SKIP);
    List<ConversationExample> trainAll = PersonaTasks.read(c.trainFile(), read);
    List<ConversationExample> trainEx = PersonaTasks.ofLargestPersonas(trainAll, c.trainPersonas());
    List<ConversationExample> evalEx;
    if (c.evalFile().toAbsolutePath().normalize().equals(c.trainFile().toAbsolutePath().normalize())) {
      // tuning mode: evaluate on the next-largest personas of the retraining file, never on the
      // real evaluation personas
      java.util.Set<String> used = new java.util.HashSet<>();
      trainEx.forEach(e -> used.add(e.personaId()));
      evalEx = PersonaTasks.ofLargestPersonas(trainAll.stream()
          .filter(e -> !used.contains(e.personaId())).toList(), c.evalPersonas());
      progress.log("same file for retraining and evaluation: held-out personas are the next "
          + c.evalPersonas() + " largest (tuning split)");
    } else {
      evalEx = PersonaTasks.ofLargestPersonas(PersonaTasks.read(c.evalFile(), read),
          c.evalPersonas());
    }
    List<PersonaTask> train = PersonaTasks.split(trainEx, Split.TRAIN, 1, 0, 7);
    List<PersonaTask> eval = PersonaTasks.split(evalEx, Split.HELD_OUT, c.support(), c.query(), 7);
    PersonaTasks.checkDisjoint(train, eval, 2);
    progress.log(String.format(Locale.ROOT, "%d retraining personas (%d examples), %d evaluation "
        + "personas", train.size(), trainEx.size(), eval.size()));
    // production's adapters (the pretrained base's, method none) are kept to be ported onto the
    // retrained bases: the portability measurement
    boolean port = c.methods().contains(Algorithm.NONE) && c.methods().size() > 1;
    int phases = c.methods().size() * c.seeds().size() * (1 + c.ranks().size())
        + (port ? (c.methods().size() - 1) * c.seeds().size() : 0);
    int phase = 0;
    List<ResultRow> rows = new ArrayList<>();
    Map<String, List<QueryOutcomes>> outcomes = new java.util.LinkedHashMap<>();
    ArrayNode runs = JSON.createArrayNode();
    for (Algorithm method : c.methods()) {
      for (long seed : c.seeds()) {
        String name = methodName(method);
        Path baseDir = c.outputDir().resolve("bases").resolve(name + "-seed" + seed);
        progress.phase("retrain " + name + " seed " + seed, ++phase, phases);
        NeuralRetrainer retrainer = new NeuralRetrainer((d, t, l) -> progress.step(d, t));
        RetrainResult r = retrainer.retrain(new RetrainRequest(train, Optional.empty(), baseDir,
            method, seed, retrainOptions(c)));
        progress.log(String.format(Locale.ROOT, "%s seed %d: %d steps, final loss %.4f, %s s",
            name, seed, r.steps(), r.finalLoss(), r.details().getOrDefault("seconds", "0")));
        for (int rank : c.ranks()) {
          progress.phase("few-shot " + name + " seed " + seed + " rank " + rank, ++phase, phases);
          long t0 = System.nanoTime();
          Path keep = port && method == Algorithm.NONE && rank == c.ranks().get(0)
              ? adaptersDir(c, seed) : null;
          FewShotProtocol.Detailed d = new FewShotProtocol(progress::step).evaluateDetailed(
              new AdaptationRequest(baseDir, eval, List.of(seed), adaptOptions(c, rank)), keep);
          d.scores().forEach(s -> rows.add(new ResultRow(name, rank, s.seed(), s.task(),
              s.hits1(), s.mrr())));
          if (rank == c.ranks().get(0)) {
            outcomes.computeIfAbsent(name, k -> new ArrayList<>()).addAll(d.result().outcomes());
          }
          double secs = (System.nanoTime() - t0) / 1e9;
          progress.log(String.format(Locale.ROOT, "%s rank %d: hits@1 %.3f ± %.3f, MRR %.3f, "
              + "zero-shot %.3f (%.0f s)", name, rank, d.result().hits1Mean(),
              d.result().hits1Se(), d.result().mrrMean(), d.result().zeroShotHits1(), secs));
          runs.add(run(name, seed, rank, r, d, secs));
        }
      }
    }
    PairedReport paired = PairedReport.of(c.ranks().get(0), outcomes);
    ExperimentReport report = ExperimentReport.of(rows).withPaired(paired);
    progress.log("paired, rank " + c.ranks().get(0) + ":\n" + paired.markdown());
    if (port) {
      PortedReport ported = port(c, eval, outcomes, progress, phase, phases);
      report = report.withPorted(ported);
      progress.log("production's adapters ported, rank " + c.ranks().get(0) + ":\n"
          + ported.markdown());
    }
    List<Path> files = new ArrayList<>(report.writeTo(c.outputDir(), ChartSpec.defaults(
        "Few-shot hits@1 on unseen personas (" + c.scorer() + "-encoder, " + c.model() + ")")));
    double seconds = (System.nanoTime() - start) / 1e9;
    ObjectNode prov = JSON.createObjectNode();
    prov.put("config", c.toString());
    prov.put("seconds", seconds);
    prov.set("runs", runs);
    Path runsFile = c.outputDir().resolve("runs.json");
    Files.writeString(runsFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(prov));
    files.add(runsFile);
    return new Result(report, files, seconds);
  }

  private static Path adaptersDir(ExperimentConfig c, long seed) {
    return c.outputDir().resolve("adapters").resolve(methodName(Algorithm.NONE) + "-seed" + seed);
  }

  /**
   * Scores the adapters kept from the pretrained base (method none) as they are on every retrained
   * base of the same seed (forward only, {@link Portability}, the code the evaluator and
   * {@code metastream readapt} run), beside that base's own fresh adapters.
   */
  private static PortedReport port(ExperimentConfig c, List<PersonaTask> eval,
      Map<String, List<QueryOutcomes>> outcomes, ExperimentProgress progress, int phase,
      int phases) throws IOException {
    int rank = c.ranks().get(0);
    String none = methodName(Algorithm.NONE);
    Map<String, List<QueryOutcomes>> ported = new java.util.LinkedHashMap<>();
    Map<String, List<QueryOutcomes>> readapted = new java.util.LinkedHashMap<>();
    for (Algorithm method : c.methods()) {
      if (method == Algorithm.NONE) {
        continue;
      }
      String name = methodName(method);
      for (long seed : c.seeds()) {
        progress.phase("port " + none + " adapters onto " + name + " seed " + seed, ++phase, phases);
        Path adapters = adaptersDir(c, seed);
        List<Portability.Ported> toPort = eval.stream().map(t -> new Portability.Ported(t,
            adapters.resolve(Registry.directoryName(t.taskId())))).toList();
        long t0 = System.nanoTime();
        List<Portability.Outcome> scored = Portability.score(
            c.outputDir().resolve("bases").resolve(name + "-seed" + seed), toPort,
            adaptOptions(c, rank));
        for (Portability.Outcome o : scored) {
          if (!o.loaded()) {
            throw new IllegalStateException("the adapter of " + o.taskId() + " kept from " + none
                + " does not load on " + name + ": " + o.failure().orElseThrow());
          }
          ported.computeIfAbsent(name, k -> new ArrayList<>())
              .add(new QueryOutcomes(o.taskId(), seed, o.hits(), List.of()));
        }
        progress.log(String.format(Locale.ROOT, "%s adapters on %s seed %d: %d personas ported "
            + "(%.0f s)", none, name, seed, scored.size(), (System.nanoTime() - t0) / 1e9));
      }
      readapted.put(name, outcomes.get(name));
    }
    return PortedReport.of(none, rank, outcomes.get(none), ported, readapted);
  }

  /** Report name of a method: lora-ml, sr, reptile, last-layer-ml, none. */
  public static String methodName(Algorithm a) {
    return a.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static Map<String, String> retrainOptions(ExperimentConfig c) {
    Map<String, String> o = new java.util.HashMap<>(Map.of("model", c.model(), "scorer", c.scorer(), "epochs",
        Integer.toString(c.retrainEpochs()), "max_steps", Integer.toString(c.retrainMaxSteps()),
        "max_examples_per_task", Integer.toString(c.examplesPerTrainPersona()), "lr",
        Double.toString(c.retrainLr()), "negatives", Integer.toString(c.negatives())));
    o.putAll(c.retrainExtra());
    return o;
  }

  static Map<String, String> adaptOptions(ExperimentConfig c, int rank) {
    Map<String, String> o = new java.util.HashMap<>(Map.of("rank", Integer.toString(rank),
        "steps", Integer.toString(c.adaptSteps()), "scorer", c.scorer(), "negatives",
        Integer.toString(c.negatives()), "lr", Double.toString(c.adaptLr())));
    o.putAll(c.adaptExtra());
    return o;
  }

  private static ObjectNode run(String name, long seed, int rank, RetrainResult r,
      FewShotProtocol.Detailed d, double seconds) {
    ObjectNode n = JSON.createObjectNode();
    n.put("method", name).put("seed", seed).put("rank", rank);
    n.put("retrain_steps", r.steps());
    n.put("retrain_final_loss", Double.isFinite(r.finalLoss()) ? r.finalLoss() : -1);
    ObjectNode details = n.putObject("retrain_details");
    r.details().forEach(details::put);
    n.put("hits1_mean", d.result().hits1Mean()).put("hits1_se", d.result().hits1Se())
        .put("mrr_mean", d.result().mrrMean());
    n.put("zero_shot_hits1", Double.isFinite(d.result().zeroShotHits1())
        ? d.result().zeroShotHits1() : -1);
    n.put("fewshot_seconds", seconds);
    return n;
  }
}
