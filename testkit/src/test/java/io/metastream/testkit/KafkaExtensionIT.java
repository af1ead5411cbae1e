package io.metastream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.metastream.broker.LocalBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithKafka
class KafkaExtensionIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static LocalBroker brokerSeenBeforeAll;

    @BeforeAll
    static void captureBroker(KafkaTestContext kafka) {
        brokerSeenBeforeAll = kafka.broker();
    }

    @Test
    void producesAndConsumesRecordsInOrderPerKey(KafkaTestContext kafka) throws Exception {
        String topic = kafka.uniqueTopic("plain");
        try (KafkaProducer<String, String> producer = producer(kafka, Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "persona-" + (i % 2), "m" + i)).get(30, TimeUnit.SECONDS);
            }
        }

        try (KafkaConsumer<String, String> consumer = consumer(kafka, "read_uncommitted")) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = TestRecords.pollAtLeast(consumer, 10, TIMEOUT);

            assertThat(records).hasSize(10);
            assertThat(records.stream().filter(r -> r.key().equals("persona-0")).map(ConsumerRecord::value))
                    .containsExactly("m0", "m2", "m4", "m6", "m8");
        }
    }

    @Test
    void readCommittedConsumerSeesCommittedTransactionsOnly(KafkaTestContext kafka) {
        String topic = kafka.uniqueTopic("txn");
        try (KafkaProducer<String, String> producer = producer(kafka, Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, kafka.uniqueName("txn-producer")))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "k", "committed-2"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-3"));
            producer.commitTransaction();
        }

        try (KafkaConsumer<String, String> committed = consumer(kafka, "read_committed");
             KafkaConsumer<String, String> everything = consumer(kafka, "read_uncommitted")) {
            committed.subscribe(List.of(topic));
            everything.subscribe(List.of(topic));

            assertThat(TestRecords.pollToEnd(committed, TIMEOUT)).map(ConsumerRecord::value)
                    .containsExactly("committed-1", "committed-2", "committed-3");
            assertThat(TestRecords.pollToEnd(everything, TIMEOUT)).map(ConsumerRecord::value)
                    .contains("aborted");
        }
    }

    @Test
    void givesEachTestItsOwnEmptyTopicsOnTheSharedBroker(KafkaTestContext kafka) {
        String first = kafka.uniqueTopic("mine");
        String second = kafka.uniqueTopic("mine");

        assertThat(first).isNotEqualTo(second);
        assertThat(kafka.broker()).isSameAs(brokerSeenBeforeAll);
        assertThat(kafka.broker().topics()).contains(first, second);
        try (KafkaConsumer<String, String> consumer = consumer(kafka, "read_uncommitted")) {
            consumer.subscribe(List.of(first));
            assertThat(TestRecords.pollToEnd(consumer, TIMEOUT)).isEmpty();
        }
    }

    @Test
    void createsTheWholeCatalogueWithCompactionWhereTheCatalogueSays(KafkaTestContext kafka) {
        var topics = kafka.uniqueCatalogue("catalogue");

        assertThat(kafka.broker().topics()).containsAll(topics.all());
        assertThat(topics.conversations()).startsWith("catalogue-");
    }

    private static KafkaProducer<String, String> producer(KafkaTestContext kafka, Map<String, Object> extra) {
        Map<String, Object> config = kafka.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(KafkaTestContext kafka, String isolation) {
        Map<String, Object> config = kafka.consumerConfig("it");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
