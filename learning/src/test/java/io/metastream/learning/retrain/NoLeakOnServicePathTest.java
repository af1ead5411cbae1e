package io.metastream.learning.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.metastream.domain.Algorithm;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.model.weights.BaseModel;
import io.metastream.learning.adapt.FewShotProtocol;
import io.metastream.learning.adapt.ToyPersonas;
import io.metastream.learning.api.AdaptationRequest;
import io.metastream.learning.api.RetrainRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native array count of the whole process stays flat over 500 steps of the services' own
 * entry points (the trainer's {@link NeuralRetrainer}, the evaluator's {@link FewShotProtocol}),
 * counted after a warm-up step. Every base manager is a child of the engine's system manager, whose
 * count sees the arrays of all managers below it; the progress callbacks run between steps.
 */
class NoLeakOnServicePathTest {

  static final Map<String, String> TINY = Map.of("rank", "2", "negatives", "2", "context_len", "8",
      "candidate_len", "8", "batch", "4", "lora_dropout", "0.1", "dropout", "0.1");

  @TempDir
  Path dir;

  /** Arrays alive in every manager of the process. */
  static int liveArrays() {
    try (NDManager probe = NDManager.newBaseManager()) {
      return probe.getParentManager().getManagedArrays().size();
    }
  }

  private Path tinyBase() throws Exception {
    Path base = dir.resolve("base");
    try (NDManager m = NDManager.newBaseManager()) {
      BaseModel.load("tiny", m, 3, null).export(base);
    }
    return base;
  }

  private static List<Integer> countsOverRetraining(Path base, Path out, Algorithm algorithm,
      List<PersonaTask> tasks) throws Exception {
    List<Integer> counts = new ArrayList<>();
    Map<String, String> o = new HashMap<>(TINY);
    o.put("epochs", "1000");
    o.put("max_steps", "500");
    new NeuralRetrainer((done, total, loss) -> counts.add(liveArrays())).retrain(
        new RetrainRequest(tasks, Optional.of(base), out, algorithm, 1, o));
    return counts;
  }

  @Test
  void loraMlAndSrRoundsKeepTheArrayCountFlatOver500Steps() throws Exception {
    Path base = tinyBase();
    List<PersonaTask> tasks = ToyPersonas.tasks(0, 2, 4, 0, Split.TRAIN, 1);
    for (Algorithm a : List.of(Algorithm.LORA_ML, Algorithm.SR)) {
      List<Integer> counts = countsOverRetraining(base, dir.resolve(a.name()), a, tasks);
      assertThat(counts).as(a.name()).hasSize(500);
      assertThat(counts.get(0)).as("the count sees the live model").isPositive();
      assertThat(counts.subList(1, counts.size())).as(a + ": array count after each step")
          .containsOnly(counts.get(0));
    }
  }

  @Test
  void fewShotProtocolKeepsTheArrayCountFlatOver500Steps() throws Exception {
    Path base = tinyBase();
    List<PersonaTask> tasks = ToyPersonas.tasks(20, 2, 4, 2, Split.HELD_OUT, 3);
    List<Integer> counts = new ArrayList<>();
    Map<String, String> o = new HashMap<>(TINY);
    o.put("steps", "250");
    o.put("tasks_per_step", "1");
    new FewShotProtocol((done, total) -> counts.add(liveArrays())).evaluate(
        new AdaptationRequest(base, tasks, List.of(1L), o));
    assertThat(counts).hasSize(500);
    assertThat(counts.subList(1, counts.size())).as("array count after each few-shot step")
        .containsOnly(counts.get(0));
  }
}
