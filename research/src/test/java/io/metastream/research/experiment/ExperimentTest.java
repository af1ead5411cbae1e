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
import org.assertj.core.data.Offset;
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
      JsonNode method = json.path("methods").path(m);
      for (String key : List.of("hits1_mean", "hits1_se", "zero_shot_hits1_mean", "adaptation_gain",
          "adaptation_gain_se")) {
        assertThat(method.path(key).isNumber()).as(m + " " + key).isTrue();
      }
      assertThat(method.path("tasks").asInt()).as(m).isEqualTo(2);
      assertThat(method.path("hits1_mean").asDouble() - method.path("zero_shot_hits1_mean").asDouble())
          .as(m + ": the gain is after minus before, on the same queries")
          .isCloseTo(method.path("adaptation_gain").asDouble(), Offset.offset(1e-9));
    }
    JsonNode comparisons = json.path("comparisons");
    assertThat(comparisons).hasSize(3);
    List<String> pairs = new ArrayList<>();
    comparisons.forEach(c -> pairs.add(c.path("a").asText() + "-" + c.path("b").asText()));
    assertThat(pairs).containsExactly("lora-ml-sr", "lora-ml-none", "sr-none");
    for (JsonNode c : comparisons) {
      for (String key : List.of("delta", "se", "ci_low", "ci_high", "negative_flips", "positive_flips",
          "queries")) {
        assertThat(c.path(key).isNumber()).as(key).isTrue();
      }
      double a = json.path("methods").path(c.path("a").asText()).path("hits1_mean").asDouble();
      double b = json.path("methods").path(c.path("b").asText()).path("hits1_mean").asDouble();
      assertThat(c.path("delta").asDouble()).isCloseTo(a - b, Offset.offset(1e-9));
      assertThat(c.path("ci_low").asDouble()).isLessThanOrEqualTo(c.path("delta").asDouble());
      assertThat(c.path("queries").asInt()).isBetween(2, 2 * 4); // 2 personas, up to 4 queries, 1 seed
    }
    assertThat(Files.readString(dir.resolve("out/report.md"))).contains("lora-ml", "sr", "none");
    assertThat(dir.resolve("out/bases/lora-ml-seed1/model.safetensors")).exists();
  }

  @Test
  void noRetrainingAloneIsTheAdaptationCheck() throws Exception {
    Path data = dir.resolve("synthetic.txt");
    new SyntheticPersonas(new SyntheticConfig(6, 2, 4, 4, 3)).writeParlai(data);
    ExperimentConfig c = tiny(data, data).withOverrides(java.util.Map.of("methods", "none"));
    new Experiment().run(c, ExperimentProgress.SILENT);
    JsonNode json = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile());
    assertThat(json.path("methods").fieldNames()).toIterable().containsExactly("none");
    assertThat(json.path("methods").path("none").path("adaptation_gain_se").isNumber()).isTrue();
    assertThat(json.path("comparisons")).isEmpty();
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
        .hasMessageContaining("quick | powered | paper");
    ExperimentConfig p = ExperimentConfig.preset("powered", dir, dir, dir);
    assertThat(p.evalPersonas()).isGreaterThanOrEqualTo(32);
    assertThat(p.seeds()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(p.methods()).containsExactly(Algorithm.LORA_ML, Algorithm.SR, Algorithm.NONE);
  }
}
