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
    void requiresAServiceName() {
        assertThatThrownBy(() -> Metrics.newRegistry(" ")).hasMessageContaining("serviceName is required");
    }
}
