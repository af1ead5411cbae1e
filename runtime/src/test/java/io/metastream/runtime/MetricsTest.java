package io.metastream.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void tagsEveryMeterWithTheServiceAndBindsJvmMeters() {
        PrometheusMeterRegistry registry = Metrics.newRegistry("trainer");
        try {
            assertThat(registry.find("jvm.memory.used").gauges()).isNotEmpty()
                    .allSatisfy(g -> assertThat(g.getId().getTag(Metrics.SERVICE_TAG)).isEqualTo("trainer"));
            assertThat(registry.find("jvm.classes.loaded").gauge()).isNotNull();
            assertThat(registry.find("system.cpu.count").gauge()).isNotNull();
            assertThat(registry.find("process.uptime").timeGauge()).isNotNull();
            assertThat(registry.find("jvm.threads.live").gauge()).isNotNull();
        } finally {
            registry.close();
        }
    }

    @Test
    void keepsOnlyTheListedKafkaMetersAndDropsTheVersionTag() {
        PrometheusMeterRegistry registry = Metrics.newRegistry("ingest");
        try {
            for (String name : new String[] {"kafka.producer.record.send.total", "kafka.producer.record.send.rate",
                    "kafka.consumer.fetch.manager.fetch.latency.avg", "metastream.ingest.consumed"}) {
                io.micrometer.core.instrument.Gauge.builder(name, () -> 1.0)
                        .tags("client.id", "metastream-ingest-pod-0", "kafka.version", "4.1.0", "process.id",
                                "0b6f4c1e-2a47-4a8e-9a53-1e9f0c3d2b7a")
                        .register(registry);
            }
            assertThat(registry.getMeters()).extracting(m -> m.getId().getName())
                    .contains("kafka.producer.record.send.total", "metastream.ingest.consumed")
                    .doesNotContain("kafka.producer.record.send.rate", "kafka.consumer.fetch.manager.fetch.latency.avg");
            assertThat(registry.get("kafka.producer.record.send.total").gauge().getId().getTags())
                    .extracting(io.micrometer.core.instrument.Tag::getKey)
                    .containsExactlyInAnyOrder("client.id", "service");
            assertThat(registry.scrape()).doesNotContain("kafka_version").doesNotContain("process_id");
        } finally {
            registry.close();
        }
    }

    @Test
    void clientIdsComeFromTheInstanceVariableOrTheHostName() {
        assertThat(ClientIds.instance(java.util.Map.of(ClientIds.INSTANCE, "Ingest_0"))).isEqualTo("ingest_0");
        assertThat(ClientIds.instance(java.util.Map.of("HOSTNAME", "metastream-ingest-7d9f"))).isEqualTo(
                "metastream-ingest-7d9f");
        assertThat(ClientIds.instance(java.util.Map.of())).isNotBlank().isLowerCase();
        assertThat(ClientIds.of("metastream-ingest", "Pod 1")).isEqualTo("metastream-ingest-pod-1");
    }

    @Test
    void requiresAServiceName() {
        assertThatThrownBy(() -> Metrics.newRegistry(" ")).hasMessageContaining("serviceName is required");
    }
}
