package io.metastream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class BrokerConfigTest {

    @Test
    void defaultsToFreePortOnLocalhostWithThreePartitions() {
        BrokerConfig config = BrokerConfig.of(Path.of("data"));

        assertThat(config.port()).isZero();
        assertThat(config.host()).isEqualTo("localhost");
        assertThat(config.defaultPartitions()).isEqualTo(3);
        assertThat(config.dataDir()).isAbsolute().endsWithRaw(Path.of("data"));
    }

    @Test
    void builderSetsEveryField() {
        BrokerConfig config = BrokerConfig.builder().setDataDir(Path.of("/tmp/x")).optHost("127.0.0.1")
                .optPort(19092).optDefaultPartitions(6).build();

        assertThat(config).isEqualTo(new BrokerConfig("127.0.0.1", 19092, Path.of("/tmp/x"), 6));
    }

    @Test
    void rejectsPortOutOfRange() {
        assertThatThrownBy(() -> BrokerConfig.builder().setDataDir(Path.of("d")).optPort(70_000).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..65535");
    }

    @Test
    void rejectsZeroPartitions() {
        assertThatThrownBy(() -> BrokerConfig.builder().setDataDir(Path.of("d")).optDefaultPartitions(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultPartitions");
    }

    @Test
    void rejectsMissingDataDir() {
        assertThatThrownBy(() -> BrokerConfig.builder().build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("dataDir");
    }
}
