package io.metastream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBrokerIT {

    @TempDir
    Path dataDir;

    @Test
    void keepsClusterTopicsAndRecordsAcrossARestartOnTheSameDataDir() throws Exception {
        String clusterId;
        try (LocalBroker broker = LocalBroker.start(BrokerConfig.of(dataDir))) {
            clusterId = broker.clusterId();
            assertThat(broker.createTopic("survivors", 2, false)).isTrue();
            produce(broker.bootstrapServers(), "survivors", List.of("a", "b", "c"));
        }
        assertThat(LocalBroker.isFormatted(dataDir)).isTrue();

        try (LocalBroker again = LocalBroker.start(BrokerConfig.of(dataDir))) {
            assertThat(again.clusterId()).isEqualTo(clusterId);
            assertThat(again.topics()).contains("survivors");
            assertThat(again.createTopic("survivors", 2, false)).as("already exists").isFalse();
            assertThat(consumeValues(again.bootstrapServers(), "survivors", 3)).containsExactlyInAnyOrder("a", "b", "c");
        }
    }

    @Test
    void createsCompactedTopicsWithTheRequestedPartitionsAndRefusesAutoCreation() throws Exception {
        try (LocalBroker broker = LocalBroker.start(BrokerConfig.of(dataDir));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            broker.createTopic("tasks", 5, true);

            var description = admin.describeTopics(List.of("tasks")).allTopicNames().get().get("tasks");
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, "tasks");
            var policy = admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy");
            assertThat(description.partitions()).hasSize(5);
            assertThat(policy.value()).isEqualTo("compact");

            try (KafkaProducer<String, String> producer = producer(broker.bootstrapServers(), Map.of(
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000"))) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("typo-topic", "k", "v")).get())
                        .hasMessageContaining("typo-topic");
            }
            assertThat(broker.topics()).doesNotContain("typo-topic");
        }
    }

    @Test
    void reportsATakenPortClearly() throws Exception {
        try (LocalBroker first = LocalBroker.start(BrokerConfig.of(dataDir.resolve("one")))) {
            BrokerConfig clash = BrokerConfig.builder().setDataDir(dataDir.resolve("two")).optPort(first.port()).build();

            assertThatThrownBy(() -> LocalBroker.start(clash))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port is in use");
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"));
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static void produce(String bootstrap, String topic, List<String> values) throws Exception {
        try (KafkaProducer<String, String> producer = producer(bootstrap, Map.of())) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, v, v)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> consumeValues(String bootstrap, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
