package io.metastream.research.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metastream.domain.Algorithm;
import io.metastream.domain.data.SyntheticConfig;
import io.metastream.domain.data.SyntheticPersonas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentTest {

  @TempDir
  Path dir;

  ExperimentConfig tiny(Path train, Path eval) {
    return new ExperimentConfig(train, eval, List.of(Algorithm.LORA_ML, Algorithm.SR, Algorithm.NONE),
        List.of(2), List.of(1L), "bi", "tiny", 3, 8, 2, 4, 4, 1, 2, 1, 1e-3, 1e-3, 2,
        dir.resolve("out"), java.util.Map.of(), java.util.Map.of("context_len", "16"));
  }

  @Test
  void writesTableJsonChartAndProvenanceForEveryMethod() throws Exception {
    Path data = dir.resolve("synthetic.txt");
    new SyntheticPersonas(new SyntheticConfig(6, 2, 4, 4, 3)).writeParlai(data);
    List<String> phases = new ArrayList<>();

    Experiment.Result r = new Experiment().run(tiny(data, data), new ExperimentProgress() {
      @Override
      public void phase(String name, int index, int total) {
        phases.add(index + "/" + total + " " + name);
      }
    });

    assertThat(phases).hasSize(6).first().isEqualTo("1/6 retrain lora-ml seed 1");
    assertThat(r.files()).extracting(p -> p.getFileName().toString())
        .containsExactly("report.md", "report.csv", "report.json", "hits1.png", "runs.json");
    r.files().forEach(f -> assertThat(f).isNotEmptyFile());
    JsonNode json = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile());
    for (String m : List.of("lora-ml", "sr", "none")) {
      assertThat(json.path("methods").path(m).has("hits1_mean")).as(m).isTrue();
      assertThat(json.path("methods").path(m).path("tasks").asInt()).as(m).isEqualTo(2);
    }
    assertThat(Files.readString(dir.resolve("out/report.md"))).contains("lora-ml", "sr", "none");
    assertThat(dir.resolve("out/bases/lora-ml-seed1/model.safetensors")).exists();
  }

  @Test
  void refusesEvaluationPersonasThatWereRetrainedOn() throws Exception {
    Path a = dir.resolve("a.txt");
    Path b = dir.resolve("b.txt");
    new SyntheticPersonas(new SyntheticConfig(6, 2, 4, 4, 3)).writeParlai(a);
    Files.copy(a, b);
    assertThat(catchThrowable(() -> new Experiment().run(tiny(a, b), ExperimentProgress.SILENT)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unseen personas");
  }

  @Test
  void presetsAreNamedAndQuickUsesTheCheapScorer() {
    ExperimentConfig q = ExperimentConfig.preset("quick", dir, dir, dir);
    assertThat(q.scorer()).isEqualTo("bi");
    assertThat(q.methods()).contains(Algorithm.LORA_ML, Algorithm.SR, Algorithm.NONE);
    assertThat(ExperimentConfig.preset("paper", dir, dir, dir).ranks()).containsExactly(1, 4, 8, 12, 16);
    assertThat(catchThrowable(() -> ExperimentConfig.preset("fast", dir, dir, dir)))
        .hasMessageContaining("quick | paper");
  }
}
