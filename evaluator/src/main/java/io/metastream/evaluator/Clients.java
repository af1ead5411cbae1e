package io.metastream.evaluator;

import io.metastream.runtime.ExactlyOnceClients;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/** Kafka clients of the evaluator: exactly-once consume-evaluate-produce. */
final class Clients {
    private Clients() {
    }

    static Properties base(EvaluatorConfig config) {
        return ExactlyOnceClients.base(config.bootstrapServers(), config.kafkaOverrides());
    }

    static KafkaConsumer<String, byte[]> consumer(EvaluatorConfig config) {
        return ExactlyOnceClients.readCommittedConsumer(base(config), config.groupId(),
                config.transactionalId() + "-in");
    }

    static KafkaProducer<String, byte[]> producer(EvaluatorConfig config) {
        return ExactlyOnceClients.transactionalProducer(base(config), config.transactionalId(),
                config.transactionalId() + "-evaluations");
    }
}
