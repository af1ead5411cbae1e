package io.metastream.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.domain.paired.PromotionPolicy;
import io.metastream.runtime.ServiceConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorConfigTest {
    @Test
    void readsDefaults() {
        EvaluatorConfig c = EvaluatorConfig.fromMap(Map.of("METASTREAM_BOOTSTRAP_SERVERS", "b:1",
                "METASTREAM_ARTIFACT_DIR", "/art"));
        assertThat(c.policy()).isEqualTo(PromotionPolicy.defaults());
        assertThat(c.evalPersonas()).isEqualTo(32);
        assertThat(c.seeds()).containsExactly(42L);
        assertThat(c.evalSetDir()).isEqualTo(Path.of("/art"));
        assertThat(c.baseDir()).isEmpty();
        assertThat(c.topics().evaluations()).isEqualTo("metastream.evaluations.v1");
    }

    @Test
    void readsSeedsMarginAndLearningOptions() {
        EvaluatorConfig c = EvaluatorConfig.fromMap(Map.of("METASTREAM_BOOTSTRAP_SERVERS", "b:1",
                "METASTREAM_ARTIFACT_DIR", "/art", "METASTREAM_EVALSET_DIR", "/sets", "METASTREAM_EVAL_SEEDS", "3",
                "METASTREAM_SEED", "7", "METASTREAM_PROMOTION_MARGIN", "0.02", "METASTREAM_LEARN_STEPS", "2",
                "METASTREAM_KAFKA_SSL_KEY_PASSWORD", "hunter2", "METASTREAM_PROMOTION_MAX_NEGATIVE_FLIP_RATE", "0.05"));
        assertThat(c.seeds()).containsExactly(7L, 8L, 9L);
        assertThat(c.policy()).isEqualTo(new PromotionPolicy(0.02, 0.05));
        assertThat(c.evalSetDir()).isEqualTo(Path.of("/sets"));
        assertThat(c.learnOptions()).containsExactlyInAnyOrderEntriesOf(Map.of("steps", "2", "device", "auto"));
        assertThat(c.redacted()).containsEntry("METASTREAM_KAFKA_SSL_KEY_PASSWORD", "***")
                .containsEntry("METASTREAM_LEARN_STEPS", "2");
    }

    @Test
    void thePortedLossKnobIsOffUnsetOrEmptyAndReadWhenSet() {
        Map<String, String> env = new java.util.HashMap<>(Map.of("METASTREAM_BOOTSTRAP_SERVERS", "b:1",
                "METASTREAM_ARTIFACT_DIR", "/art"));
        assertThat(EvaluatorConfig.fromMap(env).policy().checksPortedAdapters()).isFalse();
        assertThat(EvaluatorConfig.fromMap(env).keepAdapters()).isEqualTo(EvaluatorConfig.DEFAULT_KEEP_ADAPTERS);
        env.put(PromotionPolicy.MAX_PORTED_LOSS_SHARE_VARIABLE, " ");
        assertThat(EvaluatorConfig.fromMap(env).policy().checksPortedAdapters()).isFalse();
        env.put(PromotionPolicy.MAX_PORTED_LOSS_SHARE_VARIABLE, "0.2");
        EvaluatorConfig c = EvaluatorConfig.fromMap(env);
        assertThat(c.policy().maxPortedLossShare()).isEqualTo(0.2);
        assertThat(c.redacted()).containsEntry(PromotionPolicy.MAX_PORTED_LOSS_SHARE_VARIABLE, "0.2");
        env.put(PromotionPolicy.MAX_PORTED_LOSS_SHARE_VARIABLE, "1.5");
        assertThatThrownBy(() -> EvaluatorConfig.fromMap(env))
                .hasMessageContaining(PromotionPolicy.MAX_PORTED_LOSS_SHARE_VARIABLE);
    }

    @Test
    void reportsEveryErrorTogether() {
        assertThatThrownBy(() -> EvaluatorConfig.fromMap(Map.of("METASTREAM_PROMOTION_MARGIN", "NaN",
                "METASTREAM_EVAL_PERSONAS", "0", "METASTREAM_SEED", "one", "METASTREAM_EVAL_BASE_DIR", "/no/such/dir")))
                .isInstanceOfSatisfying(ServiceConfigException.class, e -> assertThat(e.errors()).hasSize(6)
                        .anyMatch(m -> m.startsWith("METASTREAM_EVAL_BASE_DIR: not a directory"))
                        .anyMatch(m -> m.startsWith("METASTREAM_BOOTSTRAP_SERVERS"))
                        .anyMatch(m -> m.startsWith("METASTREAM_ARTIFACT_DIR"))
                        .anyMatch(m -> m.startsWith("METASTREAM_PROMOTION_MARGIN"))
                        .anyMatch(m -> m.startsWith("METASTREAM_EVAL_PERSONAS"))
                        .anyMatch(m -> m.startsWith("METASTREAM_SEED")));
    }

    @Test
    void aFewShotOptionTheProtocolDoesNotKnowStopsTheStartNamingTheBudget() {
        assertThatThrownBy(() -> EvaluatorConfig.fromMap(Map.of("METASTREAM_BOOTSTRAP_SERVERS", "b:1",
                "METASTREAM_ARTIFACT_DIR", "/art", "METASTREAM_LEARN_EPOCHS", "3")))
                .isInstanceOfSatisfying(ServiceConfigException.class, e -> assertThat(e.errors()).singleElement()
                        .asString().startsWith("METASTREAM_LEARN_*").contains("'steps'"));
        assertThatThrownBy(() -> EvaluatorConfig.fromMap(Map.of("METASTREAM_BOOTSTRAP_SERVERS", "b:1",
                "METASTREAM_ARTIFACT_DIR", "/art", "METASTREAM_LEARN_MODEL", "minilm")))
                .isInstanceOfSatisfying(ServiceConfigException.class, e -> assertThat(e.errors()).singleElement()
                        .asString().contains("model"));
    }

    @Test
    void theRetiredGateMarginStopsTheServiceAndNamesWhatReplacesIt() {
        assertThatThrownBy(() -> EvaluatorConfig.fromMap(Map.of("METASTREAM_BOOTSTRAP_SERVERS", "b:1",
                "METASTREAM_ARTIFACT_DIR", "/art", "METASTREAM_GATE_MARGIN", "0.0")))
                .isInstanceOfSatisfying(ServiceConfigException.class, e -> assertThat(e.errors()).singleElement()
                        .asString().startsWith("METASTREAM_GATE_MARGIN: is retired")
                        .contains("METASTREAM_PROMOTION_MARGIN").contains("METASTREAM_PROMOTION_MAX_NEGATIVE_FLIP_RATE"));
    }
}
