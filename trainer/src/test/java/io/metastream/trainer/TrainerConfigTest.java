package io.metastream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.domain.Algorithm;
import io.metastream.runtime.ServiceConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerConfigTest {
    @Test
    void readsDefaults() {
        TrainerConfig c = TrainerConfig.fromMap(Map.of("METASTREAM_BOOTSTRAP_SERVERS", "localhost:9092",
                "METASTREAM_ARTIFACT_DIR", "/data/artifacts"));
        assertThat(c.roundEveryTasks()).isEqualTo(4);
        assertThat(c.roundInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.algorithm()).isEqualTo(Algorithm.LORA_ML);
        assertThat(c.artifactDir()).isEqualTo(Path.of("/data/artifacts"));
        assertThat(c.topics().personaTasks()).isEqualTo("metastream.persona-tasks.v1");
        assertThat(c.learnOptions()).containsExactlyEntriesOf(Map.of("device", "auto"));
    }

    @Test
    void readsEverythingAndPassesLearningOptionsThrough() {
        TrainerConfig c = TrainerConfig.fromMap(Map.ofEntries(
                Map.entry("METASTREAM_BOOTSTRAP_SERVERS", "b:1"), Map.entry("METASTREAM_ARTIFACT_DIR", "/a"),
                Map.entry("METASTREAM_TOPIC_PREFIX", "t."), Map.entry("METASTREAM_ROUND_EVERY_TASKS", "2"),
                Map.entry("METASTREAM_ROUND_INTERVAL", "PT30S"), Map.entry("METASTREAM_POOL_CAPACITY", "9"),
                Map.entry("METASTREAM_REPLAY_TASKS", "0"), Map.entry("METASTREAM_ALGORITHM", "reptile"),
                Map.entry("METASTREAM_SEED", "-5"), Map.entry("METASTREAM_RETAIN_VERSIONS", "3"),
                Map.entry("METASTREAM_LEARN_MAX_EXAMPLES_PER_TASK", "16"), Map.entry("METASTREAM_LEARN_LR", "1e-4"),
                Map.entry("METASTREAM_KAFKA_SASL_JAAS_CONFIG", "secret-stuff")));
        assertThat(c.topics().checkpoints()).isEqualTo("t.checkpoints.v1");
        assertThat(c.roundEveryTasks()).isEqualTo(2);
        assertThat(c.roundInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.algorithm()).isEqualTo(Algorithm.REPTILE);
        assertThat(c.seed()).isEqualTo(-5);
        assertThat(c.learnOptions()).containsExactlyInAnyOrderEntriesOf(
                Map.of("max_examples_per_task", "16", "lr", "1e-4", "device", "auto"));
        assertThat(c.kafkaOverrides()).containsEntry("sasl.jaas.config", "secret-stuff");
        assertThat(c.redacted()).containsEntry("METASTREAM_KAFKA_SASL_JAAS_CONFIG", "***")
                .containsEntry("METASTREAM_LEARN_LR", "1e-4").containsEntry("METASTREAM_ALGORITHM", "REPTILE");
    }

    @Test
    void reportsEveryErrorTogether() {
        assertThatThrownBy(() -> TrainerConfig.fromMap(Map.of("METASTREAM_ROUND_EVERY_TASKS", "0",
                "METASTREAM_ALGORITHM", "magic", "METASTREAM_SEED", "x", "METASTREAM_ROUND_INTERVAL", "0")))
                .isInstanceOfSatisfying(ServiceConfigException.class, e -> assertThat(e.errors()).hasSize(6)
                        .anyMatch(m -> m.startsWith("METASTREAM_BOOTSTRAP_SERVERS"))
                        .anyMatch(m -> m.startsWith("METASTREAM_ARTIFACT_DIR"))
                        .anyMatch(m -> m.startsWith("METASTREAM_ROUND_EVERY_TASKS"))
                        .anyMatch(m -> m.startsWith("METASTREAM_ALGORITHM"))
                        .anyMatch(m -> m.startsWith("METASTREAM_SEED"))
                        .anyMatch(m -> m.startsWith("METASTREAM_ROUND_INTERVAL")));
    }

    @Test
    void deviceIsReadOnceAndPassedToTheRetrainerAndABadOneNamesTheVariable() {
        TrainerConfig c = TrainerConfig.fromMap(Map.of("METASTREAM_BOOTSTRAP_SERVERS", "b:1",
                "METASTREAM_ARTIFACT_DIR", "/a", "METASTREAM_DEVICE", "cpu"));
        assertThat(c.learnOptions()).containsEntry("device", "cpu");
        assertThat(c.redacted()).containsEntry("METASTREAM_DEVICE", "cpu");
        assertThatThrownBy(() -> TrainerConfig.fromMap(Map.of("METASTREAM_BOOTSTRAP_SERVERS", "b:1",
                "METASTREAM_ARTIFACT_DIR", "/a", "METASTREAM_DEVICE", "tpu")))
                .isInstanceOf(ServiceConfigException.class).hasMessageContaining("METASTREAM_DEVICE");
        assertThatThrownBy(() -> TrainerConfig.fromMap(Map.of("METASTREAM_BOOTSTRAP_SERVERS", "b:1",
                "METASTREAM_ARTIFACT_DIR", "/a", "METASTREAM_DEVICE", "gpu:7")))
                .isInstanceOf(ServiceConfigException.class).hasMessageContaining("METASTREAM_DEVICE=gpu:7")
                .hasMessageContaining("GPU");
    }
}
