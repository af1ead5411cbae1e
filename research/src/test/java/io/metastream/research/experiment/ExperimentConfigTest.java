package io.metastream.research.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.domain.Algorithm;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentConfigTest {

  private static final Path DIR = Path.of("data");

  @Test
  void overridesReplaceComponentsAndAddPrefixedOptions() {
    ExperimentConfig quick = ExperimentConfig.quick(DIR, DIR, DIR);

    ExperimentConfig c = quick.withOverrides(Map.of("methods", "lora-ml,SR", "ranks", "1, 4",
        "seeds", "3", "trainPersonas", "32", "adaptLr", "1e-3", "model", "tiny",
        "retrain.device", "cpu", "adapt.batch", "4"));

    assertThat(c.methods()).containsExactly(Algorithm.LORA_ML, Algorithm.SR);
    assertThat(c.ranks()).containsExactly(1, 4);
    assertThat(c.seeds()).containsExactly(3L);
    assertThat(c.trainPersonas()).isEqualTo(32);
    assertThat(c.adaptLr()).isEqualTo(1e-3);
    assertThat(c.model()).isEqualTo("tiny");
    // the preset's own extras stay unless overridden
    assertThat(c.retrainExtra()).containsEntry("task_lr", "1e-3").containsEntry("device", "cpu");
    assertThat(c.adaptExtra()).containsExactly(Map.entry("batch", "4"));
    assertThat(c.withOverrides(Map.of())).isEqualTo(c);
    assertThat(c.evalPersonas()).isEqualTo(quick.evalPersonas());
  }

  @Test
  void rejectsUnknownKeysAndBadValuesNamingTheKey() {
    ExperimentConfig quick = ExperimentConfig.quick(DIR, DIR, DIR);

    assertThatThrownBy(() -> quick.withOverrides(Map.of("trainPersona", "3", "retrain.", "x")))
        .hasMessageContaining("unknown experiment settings [retrain., trainPersona]");
    assertThatThrownBy(() -> quick.withOverrides(Map.of("support", "eight")))
        .hasMessageContaining("support must be an integer, got 'eight'");
    assertThatThrownBy(() -> quick.withOverrides(Map.of("ranks", "1,x")))
        .hasMessageContaining("ranks must be comma-separated integers");
    assertThatThrownBy(() -> quick.withOverrides(Map.of("methods", "magic")))
        .hasMessageContaining("unknown method 'magic'");
    // the record's own checks still apply
    assertThatThrownBy(() -> quick.withOverrides(Map.of("scorer", "tri")))
        .hasMessageContaining("scorer must be bi or cross");
  }
}
