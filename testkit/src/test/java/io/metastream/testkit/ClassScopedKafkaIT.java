package io.metastream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

@WithKafka(scope = WithKafka.Scope.CLASS, partitions = 2)
class ClassScopedKafkaIT {

    @Test
    void runsItsOwnBrokerAndHonoursThePartitionCount(KafkaTestContext kafka) throws Exception {
        String topic = kafka.uniqueTopic("own");

        try (var admin = org.apache.kafka.clients.admin.Admin.create(kafka.clientConfig())) {
            var description = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(2);
        }
        assertThat(kafka.broker().config().dataDir().getFileName().toString()).startsWith("metastream-test-kafka-");
    }
}
