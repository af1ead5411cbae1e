package io.metastream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.runtime.ServiceConfigException;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

    @Test
    void appliesDefaultsWhenOnlyTheBootstrapServersAreGiven() {
        IngestConfig c = IngestConfig.fromEnv(Map.of(IngestConfig.BOOTSTRAP_SERVERS, "kafka:9092"));

        assertThat(c.applicationId()).isEqualTo("metastream-ingest");
        assertThat(c.topics().conversations()).isEqualTo("metastream.conversations.v1");
        assertThat(c.heldOutFraction()).isEqualTo(0.2);
        assertThat(c.minSupport()).isEqualTo(8);
        assertThat(c.minQuery()).isEqualTo(4);
        assertThat(c.queryFraction()).isEqualTo(0.25);
        assertThat(c.maxExamplesPerTask()).isEqualTo(256);
        assertThat(c.metricsPort()).isEqualTo(IngestConfig.DEFAULT_METRICS_PORT);
        assertThat(c.replicationFactor()).isEqualTo(-1);
        assertThat(c.heldOutTopic()).isEmpty();
        assertThat(c.emitInterval()).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(c.heldOutTasksTopic()).isEqualTo(c.topics().heldOutTasks());
    }

    @Test
    void streamsRunExactlyOnceV2WithTheConfiguredReplication() {
        IngestConfig c = IngestConfig.fromEnv(Map.of(IngestConfig.BOOTSTRAP_SERVERS, "kafka:9092",
                IngestConfig.REPLICATION_FACTOR, "1", IngestConfig.APPLICATION_ID, "ingest-a",
                "METASTREAM_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"));
        Properties p = c.streamsProperties();

        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p.get(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(1);
        assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("ingest-a");
        assertThat(p.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("kafka:9092");
        assertThat(p.get("security.protocol")).isEqualTo("SASL_SSL");
    }

    @Test
    void reportsEveryProblemTogetherEachNamingItsVariable() {
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of(
                IngestConfig.HELD_OUT_FRACTION, "1.2",
                IngestConfig.MIN_SUPPORT, "zero",
                IngestConfig.METRICS_PORT, "-5",
                IngestConfig.APPLICATION_ID, "has spaces")))
                .isInstanceOfSatisfying(ServiceConfigException.class, e -> assertThat(e.errors()).containsExactlyInAnyOrder(
                        "METASTREAM_BOOTSTRAP_SERVERS: required",
                        "METASTREAM_HELD_OUT_FRACTION: must be in [0.0, 1.0], got 1.2",
                        "METASTREAM_MIN_SUPPORT: expected an integer, got 'zero'",
                        "METASTREAM_METRICS_PORT: must be in [0, 65535], got -5",
                        "METASTREAM_INGEST_APPLICATION_ID: must be letters, digits, '.', '_' or '-' "
                                + "(it names the consumer group and internal topics)"));
    }

    @Test
    void refusesSizingThatCouldNeverEmitATask() {
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of(IngestConfig.BOOTSTRAP_SERVERS, "k:9092",
                IngestConfig.MIN_SUPPORT, "10", IngestConfig.MIN_QUERY, "5",
                IngestConfig.MAX_EXAMPLES_PER_TASK, "12")))
                .isInstanceOfSatisfying(ServiceConfigException.class, e -> assertThat(e.errors()).containsExactly(
                        "METASTREAM_MAX_EXAMPLES_PER_TASK: is 12, below METASTREAM_MIN_SUPPORT + METASTREAM_MIN_QUERY = 15"));
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of(IngestConfig.BOOTSTRAP_SERVERS, "k:9092",
                IngestConfig.QUERY_FRACTION, "0")))
                .hasMessageContaining("METASTREAM_MIN_QUERY: is 4 but METASTREAM_QUERY_FRACTION is 0");
    }

    @Test
    void aTaskBudgetMustHoldTheMinimumTaskOfLargestRecords() {
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of(IngestConfig.BOOTSTRAP_SERVERS, "k:9092",
                IngestConfig.MAX_TASK_BYTES, "65536")))
                .hasMessageContaining(IngestConfig.MAX_TASK_BYTES).hasMessageContaining(IngestConfig.MAX_RECORD_BYTES);
        IngestConfig c = IngestConfig.fromEnv(Map.of(IngestConfig.BOOTSTRAP_SERVERS, "k:9092"));
        assertThat(c.maxTaskBytes()).isEqualTo(524_288).isLessThan(1 << 20);
        assertThat(c.maxContextBytes()).isEqualTo(4_096);
        assertThat(c.streamsProperties()).containsEntry("processing.exception.handler", RejectingHandler.class.getName())
                .containsEntry("production.exception.handler", RejectingHandler.class.getName())
                .containsEntry("deserialization.exception.handler", RejectingHandler.class.getName())
                .containsEntry(RejectingHandler.REJECTED_TOPIC_CONFIG, "metastream.rejected.v1");
    }

    @Test
    void anEmptyTopicPrefixIsAllowed() {
        IngestConfig c = IngestConfig.fromEnv(Map.of(IngestConfig.BOOTSTRAP_SERVERS, "k:9092",
                IngestConfig.TOPIC_PREFIX, ""));
        assertThat(c.topics().conversations()).isEqualTo("conversations.v1");
    }

    @Test
    void redactedViewListsSettingsAndMasksSecrets() {
        IngestConfig c = IngestConfig.fromEnv(Map.of(IngestConfig.BOOTSTRAP_SERVERS, "k:9092",
                "METASTREAM_KAFKA_SASL_JAAS_CONFIG", "org.Foo required username=\"u\" password=\"hunter2\";",
                "METASTREAM_KAFKA_SSL_TRUSTSTORE_PASSWORD", "hunter3"));
        Map<String, String> r = c.redacted();

        assertThat(r).containsEntry(IngestConfig.BOOTSTRAP_SERVERS, "k:9092")
                .containsEntry("METASTREAM_KAFKA_SASL_JAAS_CONFIG", "***")
                .containsEntry("METASTREAM_KAFKA_SSL_TRUSTSTORE_PASSWORD", "***")
                .containsKey(IngestConfig.MIN_SUPPORT);
        assertThat(r.toString()).doesNotContain("hunter2", "hunter3");
    }
}
