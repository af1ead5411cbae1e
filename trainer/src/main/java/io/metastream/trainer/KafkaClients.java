package io.metastream.trainer;

import io.metastream.runtime.ExactlyOnceClients;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/** Kafka clients of the trainer: exactly-once consume-transform-produce. */
final class KafkaClients {
    private KafkaClients() {
    }

    static Properties base(TrainerConfig config) {
        return ExactlyOnceClients.base(config.bootstrapServers(), config.kafkaOverrides());
    }

    static KafkaConsumer<String, byte[]> consumer(TrainerConfig config) {
        Properties p = base(config);
        // a partition never committed is read from its beginning: no task is skipped
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return ExactlyOnceClients.readCommittedConsumer(p, config.groupId(), config.transactionalId() + "-tasks");
    }

    static KafkaProducer<String, byte[]> producer(TrainerConfig config) {
        return ExactlyOnceClients.transactionalProducer(base(config), config.transactionalId(),
                config.transactionalId() + "-checkpoints");
    }
}
