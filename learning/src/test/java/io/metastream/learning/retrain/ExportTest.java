package io.metastream.learning.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.metastream.domain.Algorithm;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.model.weights.BaseModel;
import io.metastream.model.weights.HfCheckpoint;
import io.metastream.model.weights.Safetensors;
import io.metastream.learning.adapt.ToyPersonas;
import io.metastream.learning.api.RetrainRequest;
import io.metastream.learning.api.RetrainResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportTest {

  static final Map<String, String> SMALL = Map.of("epochs", "2", "max_steps", "3", "rank", "2",
      "context_len", "12", "candidate_len", "12", "negatives", "2");

  @TempDir
  Path dir;

  @Test
  void loraMlExportsOnlyTheBaseAndItChanged() throws Exception {
    Path base = tinyBase();
    List<PersonaTask> tasks = ToyPersonas.tasks(0, 2, 8, 0, Split.TRAIN, 1);
    RetrainResult r = new NeuralRetrainer().retrain(new RetrainRequest(tasks, Optional.of(base),
        dir.resolve("out"), Algorithm.LORA_ML, 1, SMALL));

    assertThat(r.steps()).isEqualTo(3);
    assertThat(r.finite()).isTrue();
    assertThat(r.details()).containsKeys("algorithm", "seed", "options", "task_ids",
        "epoch_losses", "engine");
    try (NDManager m = NDManager.newBaseManager()) {
      List<String> names = names(dir.resolve("out").resolve(BaseModel.WEIGHTS), m);
      BaseModel parent = BaseModel.loadDirectory(base, m, null);
      assertThat(names).hasSize(parent.encoder().arrays().size() + 2)
          .contains(HfCheckpoint.POOLER_WEIGHT, HfCheckpoint.POOLER_BIAS);
      assertThat(Safetensors.metadata(dir.resolve("out").resolve(BaseModel.WEIGHTS)))
          .containsEntry("format", "pt");
      assertThat(names).noneMatch(n -> n.contains("lora") || n.contains("head"));
      BaseModel child = BaseModel.loadDirectory(dir.resolve("out"), m, null);
      String q = "encoder.layer.0.attention.self.query.weight";
      assertThat(child.encoder().array(q).toFloatArray())
          .isNotEqualTo(parent.encoder().array(q).toFloatArray());
    }
    for (String f : HfCheckpoint.FILES) {
      assertThat(dir.resolve("out").resolve(f)).exists();
    }
  }

  @Test
  void noneReturnsTheParentBaseUnchanged() throws Exception {
    Path base = tinyBase();
    List<PersonaTask> tasks = ToyPersonas.tasks(0, 2, 8, 0, Split.TRAIN, 1);
    RetrainResult r = new NeuralRetrainer().retrain(new RetrainRequest(tasks, Optional.of(base),
        dir.resolve("none"), Algorithm.NONE, 1, Map.of()));

    assertThat(r.steps()).isZero();
    for (String f : HfCheckpoint.FILES) {
      assertThat(Files.readAllBytes(dir.resolve("none").resolve(f)))
          .isEqualTo(Files.readAllBytes(base.resolve(f)));
    }
  }

  @Test
  void srAndLastLayerMlAndReptileRunAndExportAFiniteBase() throws Exception {
    Path base = tinyBase();
    List<PersonaTask> tasks = ToyPersonas.tasks(0, 2, 8, 0, Split.TRAIN, 1);
    Map<String, String> reptile = new java.util.HashMap<>(SMALL);
    reptile.put("reptile_inner_steps", "2");
    reptile.put("max_steps", "4");
    for (Algorithm a : List.of(Algorithm.SR, Algorithm.LAST_LAYER_ML, Algorithm.REPTILE)) {
      RetrainResult r = new NeuralRetrainer().retrain(new RetrainRequest(tasks, Optional.of(base),
          dir.resolve(a.name()), a, 1, a == Algorithm.REPTILE ? reptile : SMALL));
      assertThat(r.finite()).as(a.name()).isTrue();
      assertThat(r.steps()).as(a.name()).isPositive();
      try (NDManager m = NDManager.newBaseManager()) {
        assertThat(BaseModel.loadDirectory(dir.resolve(a.name()), m, null).encoder().arrays())
            .as(a.name()).allSatisfy((k, v) -> assertThat(v.isInfinite().any().getBoolean()
                || v.isNaN().any().getBoolean()).as(k).isFalse());
      }
    }
  }

  @Test
  void unknownOptionIsRefusedWithTheValidKeys() {
    assertThat(org.assertj.core.api.Assertions.catchThrowable(
        () -> RetrainOptions.parse(Map.of("learning_rate", "1e-4"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option 'learning_rate'").hasMessageContaining("lr");
  }

  private Path tinyBase() throws Exception {
    Path base = dir.resolve("base");
    try (NDManager m = NDManager.newBaseManager()) {
      BaseModel.load("tiny", m, 5, null).export(base);
    }
    return base;
  }

  private static List<String> names(Path safetensors, NDManager m) throws Exception {
    return Safetensors.names(safetensors);
  }
}
