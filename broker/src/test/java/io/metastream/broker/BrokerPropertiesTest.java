package io.metastream.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BrokerPropertiesTest {

    private final BrokerConfig config = BrokerConfig.builder().setDataDir(Path.of("/var/ms"))
            .optDefaultPartitions(4).build();
    private final Map<String, String> props = BrokerProperties.of(config, 9092, 9093);

    @Test
    void runsOneCombinedNodeWithAStaticQuorumOnTheControllerPort() {
        assertThat(props).containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@localhost:9093")
                .containsEntry("listeners", "PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093")
                .containsEntry("advertised.listeners", "PLAINTEXT://localhost:9092");
    }

    @Test
    void replicatesEverythingOnceSoTransactionsWorkOnOneNode() {
        assertThat(props).containsEntry("default.replication.factor", "1")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("min.insync.replicas", "1");
    }

    @Test
    void turnsAutoCreateOffAndUsesTheConfiguredPartitionsAndDataDir() {
        assertThat(props).containsEntry("auto.create.topics.enable", "false")
                .containsEntry("num.partitions", "4")
                .containsEntry("log.dirs", "/var/ms/kafka-logs");
    }
}
