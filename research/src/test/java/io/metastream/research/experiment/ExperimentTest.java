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

    assertThat(phases).hasSize(8).first().isEqualTo("1/8 retrain lora-ml seed 1");
    assertThat(phases).last().isEqualTo("8/8 port none adapters onto sr seed 1");
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
    // production (none: the pretrained base with its adapters) ported onto each retrained base
    JsonNode portability = json.path("portability");
    assertThat(portability.path("production").asText()).isEqualTo("none");
    assertThat(portability.path("methods").fieldNames()).toIterable().containsExactly("lora-ml", "sr");
    double production = json.path("methods").path("none").path("hits1_mean").asDouble();
    for (String m : List.of("lora-ml", "sr")) {
      JsonNode p = portability.path("methods").path(m);
      assertThat(p.path("production_hits1").asDouble()).isCloseTo(production, Offset.offset(1e-9));
      assertThat(p.path("readapted_hits1").asDouble()).as("re-adapted = the base's own few-shot")
          .isCloseTo(json.path("methods").path(m).path("hits1_mean").asDouble(), Offset.offset(1e-9));
      double ported = p.path("ported_hits1").asDouble();
      assertThat(ported).isBetween(0.0, 1.0);
      assertThat(p.path("ported_minus_production").path("delta").asDouble())
          .isCloseTo(ported - production, Offset.offset(1e-9));
      assertThat(p.path("readapted_minus_ported").path("delta").asDouble())
          .isCloseTo(p.path("readapted_hits1").asDouble() - ported, Offset.offset(1e-9));
      assertThat(p.path("portable").asInt() + p.path("re_adapt").asInt()).isEqualTo(2);
      assertThat(p.path("negative_flips").asLong())
          .isLessThanOrEqualTo(p.path("production_correct").asLong());
    }
    assertThat(portability.path("ported_comparisons")).hasSize(1);
    assertThat(portability.path("ported_comparisons").get(0).path("a").asText()).isEqualTo("lora-ml");
    assertThat(dir.resolve("out/adapters/none-seed1")).isDirectory();
    assertThat(Files.readString(dir.resolve("out/report.md"))).contains("lora-ml", "sr", "none")
        .contains("ported as they are");
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
    assertThat(json.has("portability")).as("nothing to port onto").isFalse();
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
