package io.metastream.app.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.data.ReadOptions;
import io.metastream.domain.serde.JsonSerde;
import io.metastream.testkit.KafkaTestContext;
import io.metastream.testkit.SharedData;
import io.metastream.testkit.TestRecords;
import io.metastream.testkit.WithKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The publish code path on the real ConvAI2 validation file: everything arrives, exactly once. */
@WithKafka
class PublishConvAI2IT {

    private static final int CONVAI2_VALID_EXAMPLES = 7_801;
    private static final int CONVAI2_VALID_PERSONAS = 100;

    @Test
    void everyConvAI2ExampleArrivesExactlyOnceKeyedByItsPersona(KafkaTestContext kafka) throws Exception {
        var file = SharedData.personaFile(SharedData.CONVAI2_VALID);
        String topic = kafka.uniqueName("conversations");
        StringWriter progress = new StringWriter();
        var settings = new PublishJob.Settings(kafka.bootstrapServers(), topic, 3, Duration.ofSeconds(1));

        PublishReport report = new PublishJob(settings, new PrintWriter(progress, true), System::nanoTime)
                .run(FileSource.open(file, ReadOptions.defaults()));

        assertThat(report.published()).isEqualTo(CONVAI2_VALID_EXAMPLES);
        assertThat(report.totalRejected()).isZero();
        assertThat(progress.toString()).contains("created topic " + topic).contains("published 7,801 in");

        List<ConsumerRecord<String, ConversationExample>> records = consumeAll(kafka, topic);
        Set<String> exampleIds = new HashSet<>();
        Set<String> personas = new HashSet<>();
        for (var record : records) {
            exampleIds.add(record.value().exampleId());
            personas.add(record.key());
        }
        assertThat(records).hasSize(CONVAI2_VALID_EXAMPLES);
        assertThat(exampleIds).hasSize(CONVAI2_VALID_EXAMPLES);
        assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().personaId()));
        assertThat(personas).hasSize(CONVAI2_VALID_PERSONAS);
        assertThat(records).allSatisfy(r -> assertThat(r.value().candidates()).hasSize(20).contains(r.value().reply()));
    }

    private static List<ConsumerRecord<String, ConversationExample>> consumeAll(KafkaTestContext kafka, String topic) {
        var config = kafka.consumerConfig("verify");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        try (KafkaConsumer<String, ConversationExample> consumer = new KafkaConsumer<>(config,
                new StringDeserializer(), JsonSerde.conversationExample().deserializer())) {
            consumer.subscribe(List.of(topic));
            return TestRecords.pollToEnd(consumer, Duration.ofSeconds(120));
        }
    }
}
