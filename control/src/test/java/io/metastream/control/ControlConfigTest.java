package io.metastream.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.domain.paired.PromotionPolicy;
import io.metastream.runtime.ServiceConfigException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlConfigTest {
    private static final String ALICE = "alice-secret-token-1234";
    private static final String BOB = "bob-secret-token-56789";

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("METASTREAM_BOOTSTRAP_SERVERS", "localhost:9092");
        env.put("METASTREAM_ARTIFACT_DIR", "/data/artifacts");
        env.put("METASTREAM_CONTROL_TOKENS", "alice=" + ALICE + ", bob=" + BOB);
        return env;
    }

    @Test
    void readsTheRequiredValuesAndAppliesDefaults() {
        ControlConfig c = ControlConfig.fromMap(minimal());

        assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(c.artifactDir()).isEqualTo(Path.of("/data/artifacts"));
        assertThat(c.tokens()).containsExactlyInAnyOrderEntriesOf(Map.of("alice", ALICE, "bob", BOB));
        assertThat(c.topics().promotionLedger()).isEqualTo("metastream.promotion-ledger.v1");
        assertThat(c.port()).isEqualTo(8480);
        assertThat(c.metricsPort()).isEqualTo(9403);
        assertThat(c.margin()).isZero();
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.transactionalId()).isEqualTo("metastream-control");
    }

    @Test
    void readsOverridesAndKafkaPassThrough() {
        Map<String, String> env = minimal();
        env.put("METASTREAM_TOPIC_PREFIX", "staging.");
        env.put("METASTREAM_CONTROL_PORT", "0");
        env.put("METASTREAM_PROMOTION_MARGIN", "0.02");
        env.put("METASTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");

        ControlConfig c = ControlConfig.fromMap(env);

        assertThat(c.topics().productionPointer()).isEqualTo("staging.production-pointer.v1");
        assertThat(c.port()).isZero();
        assertThat(c.margin()).isEqualTo(0.02);
        assertThat(c.kafkaOverrides()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void readsTheOnePromotionPolicyAndStopsOnTheRetiredGateMargin() {
        Map<String, String> env = minimal();
        env.put("METASTREAM_PROMOTION_MAX_NEGATIVE_FLIP_RATE", "0.05");
        assertThat(ControlConfig.fromMap(env).policy()).isEqualTo(new PromotionPolicy(0.0, 0.05));
        env.put(PromotionPolicy.MAX_PORTED_LOSS_SHARE_VARIABLE, "0.25");
        assertThat(ControlConfig.fromMap(env).policy()).isEqualTo(new PromotionPolicy(0.0, 0.05, 0.25));
        env.put("METASTREAM_GATE_MARGIN", "0.01");
        assertThatThrownBy(() -> ControlConfig.fromMap(env)).isInstanceOf(ServiceConfigException.class)
                .hasMessageContaining("METASTREAM_GATE_MARGIN: is retired").hasMessageContaining("METASTREAM_PROMOTION_MARGIN");
    }

    @Test
    void reportsEveryProblemTogetherNamingItsVariable() {
        Map<String, String> env = new HashMap<>();
        env.put("METASTREAM_CONTROL_PORT", "http");
        env.put("METASTREAM_PROMOTION_MARGIN", "1.5");

        assertThatThrownBy(() -> ControlConfig.fromMap(env)).isInstanceOf(ServiceConfigException.class)
                .satisfies(e -> assertThat(((ServiceConfigException) e).errors()).containsExactlyInAnyOrder(
                        "METASTREAM_BOOTSTRAP_SERVERS: required",
                        "METASTREAM_ARTIFACT_DIR: required",
                        "METASTREAM_CONTROL_TOKENS: required",
                        "METASTREAM_CONTROL_PORT: expected an integer, got 'http'",
                        "METASTREAM_PROMOTION_MARGIN: must be in [-1.0, 1.0], got 1.5"));
    }

    @Test
    void rejectsBadTokenEntriesWithoutEverPrintingATokenValue() {
        Map<String, String> env = minimal();
        env.put("METASTREAM_CONTROL_TOKENS", "alice=" + ALICE + ",short=abc123,noequals" + BOB + ",alice=" + BOB
                + ",carol=" + ALICE + ",bad name=" + BOB);

        assertThatThrownBy(() -> ControlConfig.fromMap(env)).isInstanceOf(ServiceConfigException.class)
                .satisfies(e -> {
                    assertThat(((ServiceConfigException) e).errors()).containsExactly(
                            "METASTREAM_CONTROL_TOKENS: token of short must be at least 16 characters without spaces"
                                    + " (e.g. openssl rand -hex 32)",
                            "METASTREAM_CONTROL_TOKENS: entry 3 is not name=token",
                            "METASTREAM_CONTROL_TOKENS: name alice appears twice",
                            "METASTREAM_CONTROL_TOKENS: token of carol is also another name's token; give each operator"
                                    + " their own",
                            "METASTREAM_CONTROL_TOKENS: entry 6: name must be letters, digits, '.', '_', '@' or '-'"
                                    + " (at most 64)");
                    assertThat(e.getMessage()).doesNotContain(ALICE).doesNotContain(BOB).doesNotContain("abc123");
                });
    }

    @Test
    void theRedactedViewAndToStringShowTokenNamesButNeverTokens() {
        Map<String, String> env = minimal();
        env.put("METASTREAM_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka...password=\"hunter2\"");
        ControlConfig c = ControlConfig.fromMap(env);

        assertThat(c.redacted()).containsEntry("METASTREAM_CONTROL_TOKENS", "alice=***,bob=***")
                .containsEntry("METASTREAM_KAFKA_SASL_JAAS_CONFIG", "***")
                .containsEntry("METASTREAM_BOOTSTRAP_SERVERS", "localhost:9092");
        assertThat(c.toString()).doesNotContain(ALICE).doesNotContain(BOB).doesNotContain("hunter2").contains("alice=***");
    }

    @Test
    void apiAndMetricsPortsMustDiffer() {
        Map<String, String> env = minimal();
        env.put("METASTREAM_CONTROL_PORT", "9403");

        assertThatThrownBy(() -> ControlConfig.fromMap(env)).hasMessageContaining(
                "METASTREAM_CONTROL_PORT: must differ from METASTREAM_METRICS_PORT");
    }
}
