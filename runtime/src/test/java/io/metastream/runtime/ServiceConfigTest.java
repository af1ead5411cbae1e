package io.metastream.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceConfigTest {

    @Test
    void readsTypedValuesAndDefaults() {
        ServiceConfig c = new ServiceConfig(Map.of(
                "A", "hello", "N", " 42 ", "D", "0.5", "B", "yes", "T", "PT2M", "S", "30"));

        assertThat(c.required("A")).isEqualTo("hello");
        assertThat(c.integer("N", 1, 0, 100)).isEqualTo(42);
        assertThat(c.decimal("D", 0.1, 0, 1)).isEqualTo(0.5);
        assertThat(c.bool("B", false)).isTrue();
        assertThat(c.duration("T", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.duration("S", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.string("MISSING", "dflt")).isEqualTo("dflt");
        assertThat(c.integer("MISSING", 7, 0, 10)).isEqualTo(7);
        c.validate();
        assertThat(c.errors()).isEmpty();
    }

    @Test
    void readsLongSeedsAndReportsBadOnes() {
        ServiceConfig c = new ServiceConfig(Map.of("S", "-5", "BAD", "x1"));
        assertThat(c.longValue("S", 42)).isEqualTo(-5);
        assertThat(c.longValue("ABSENT", 42)).isEqualTo(42);
        assertThat(c.longValue("BAD", 42)).isEqualTo(42);
        assertThat(c.errors()).containsExactly("BAD: expected an integer, got 'x1'");
    }

    @Test
    void passesPrefixedOptionsThroughLowerCasedAndTrimmed() {
        ServiceConfig c = new ServiceConfig(Map.of("P_MAX_STEPS", " 40 ", "P_", "ignored", "P_BLANK", "  ",
                "OTHER_X", "1"));
        assertThat(c.options("P_")).containsExactlyEntriesOf(Map.of("max_steps", "40"));
    }

    @Test
    void blankValuesCountAsAbsent() {
        ServiceConfig c = new ServiceConfig(Map.of("A", "   "));
        assertThat(c.string("A", "d")).isEqualTo("d");
        c.required("A");
        assertThat(c.errors()).containsExactly("A: required");
    }

    @Test
    void collectsEveryErrorNamingItsVariableAndThrowsThemTogether() {
        ServiceConfig c = new ServiceConfig(Map.of(
                "PORT", "70000", "FRACTION", "abc", "FLAG", "maybe", "WAIT", "soon"));
        c.required("METASTREAM_BOOTSTRAP_SERVERS");
        c.integer("PORT", 0, 0, 65535);
        c.decimal("FRACTION", 0.2, 0, 1);
        c.bool("FLAG", false);
        c.duration("WAIT", Duration.ZERO);

        assertThatThrownBy(c::validate)
                .isInstanceOfSatisfying(ServiceConfigException.class, e -> assertThat(e.errors()).containsExactly(
                        "METASTREAM_BOOTSTRAP_SERVERS: required",
                        "PORT: must be in [0, 65535], got 70000",
                        "FRACTION: expected a number, got 'abc'",
                        "FLAG: expected true or false, got 'maybe'",
                        "WAIT: expected an ISO-8601 duration like PT30S or seconds, got 'soon'"))
                .hasMessageContaining("5 problems");
    }

    @Test
    void rejectsNonFiniteAndOutOfRangeDecimals() {
        ServiceConfig c = new ServiceConfig(Map.of("X", "NaN", "Y", "1.5"));
        c.decimal("X", 0.2, 0, 1);
        c.decimal("Y", 0.2, 0, 1);
        assertThat(c.errors()).hasSize(2).allSatisfy(e -> assertThat(e).contains("must be in [0.0, 1.0]"));
    }

    @Test
    void redactsTokensPasswordsAndSecretsButNothingElse() {
        Map<String, String> redacted = ServiceConfig.redact(Map.of(
                "METASTREAM_API_TOKEN", "t0k3n",
                "METASTREAM_KAFKA_SSL_KEYSTORE_PASSWORD", "pw",
                "my_secret_key", "s",
                "METASTREAM_KAFKA_SASL_JAAS_CONFIG", "user=a password=b",
                "METASTREAM_BOOTSTRAP_SERVERS", "localhost:9092"));

        assertThat(redacted).containsEntry("METASTREAM_API_TOKEN", "***")
                .containsEntry("METASTREAM_KAFKA_SSL_KEYSTORE_PASSWORD", "***")
                .containsEntry("my_secret_key", "***")
                .containsEntry("METASTREAM_KAFKA_SASL_JAAS_CONFIG", "***")
                .containsEntry("METASTREAM_BOOTSTRAP_SERVERS", "localhost:9092");
        assertThat(redacted.toString()).doesNotContain("t0k3n", "pw", "password=b");
    }

    @Test
    void passesKafkaPrefixedVariablesThroughAsClientProperties() {
        ServiceConfig c = new ServiceConfig(Map.of(
                "METASTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "METASTREAM_OTHER", "x"));
        assertThat(c.kafkaOverrides()).containsOnlyKeys("security.protocol")
                .containsEntry("security.protocol", "SASL_SSL");
    }
}
