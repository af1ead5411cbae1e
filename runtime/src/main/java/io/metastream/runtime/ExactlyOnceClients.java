package io.metastream.runtime;

import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka clients of a consume-process-produce service that commits its input offsets in the same transaction
 * as its output (the trainer, the evaluator): a read_committed consumer without auto-commit and an idempotent
 * transactional producer. Values stay bytes; each service decodes with the domain serdes and decides what a
 * bad record means.
 */
public final class ExactlyOnceClients {
    private ExactlyOnceClients() {
    }

    /** Operator overrides ({@code METASTREAM_KAFKA_*}) plus the bootstrap servers. */
    public static Properties base(String bootstrapServers, Properties overrides) {
        Properties p = new Properties();
        p.putAll(overrides);
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    /** Reads only committed records; offsets are committed by the producer's transaction, never automatically. */
    public static KafkaConsumer<String, byte[]> readCommittedConsumer(Properties base, String groupId,
            String clientId) {
        Properties p = new Properties();
        p.putAll(base);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Idempotent, acks=all, fenced by its transactional id (a second instance with the same id fences this one). */
    public static KafkaProducer<String, byte[]> transactionalProducer(Properties base, String transactionalId,
            String clientId) {
        Properties p = new Properties();
        p.putAll(base);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
