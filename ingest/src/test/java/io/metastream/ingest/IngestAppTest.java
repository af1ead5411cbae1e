package io.metastream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.runtime.ServiceConfigException;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class IngestAppTest {

    @Test
    void refusesToStartWithABadEnvironmentListingEveryProblem() {
        assertThatThrownBy(() -> IngestApp.run(Map.of(IngestConfig.MIN_SUPPORT, "-1")))
                .isInstanceOfSatisfying(ServiceConfigException.class, e -> assertThat(e.errors()).containsExactly(
                        "METASTREAM_BOOTSTRAP_SERVERS: required",
                        "METASTREAM_MIN_SUPPORT: must be in [1, 100000], got -1"));
    }

    @Test
    void livenessFailsOnlyOnceTheStreamsClientHasStoppedOrFailed() {
        assertThat(IngestApp.isAlive(KafkaStreams.State.CREATED)).isTrue();
        assertThat(IngestApp.isAlive(KafkaStreams.State.REBALANCING)).isTrue();
        assertThat(IngestApp.isAlive(KafkaStreams.State.RUNNING)).isTrue();
        assertThat(IngestApp.isAlive(KafkaStreams.State.PENDING_ERROR)).isFalse();
        assertThat(IngestApp.isAlive(KafkaStreams.State.ERROR)).isFalse();
        assertThat(IngestApp.isAlive(KafkaStreams.State.NOT_RUNNING)).isFalse();
    }
}
