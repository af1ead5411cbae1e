package io.metastream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.metastream.testkit.KafkaTestContext;
import io.metastream.testkit.TestRecords;
import io.metastream.testkit.WithKafka;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

@WithKafka
class PublishCommandIT {

    @Test
    void publishesSyntheticPersonasAndReportsTheCounts(KafkaTestContext kafka) {
        String topic = kafka.uniqueName("synthetic");

        CliRunner result = CliRunner.run("publish", "--source", "synthetic", "--bootstrap", kafka.bootstrapServers(),
                "--topic", topic, "--seed", "11");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("published 960 examples to " + topic)
                .contains("rejected  0")
                .contains("topic " + topic + " now holds 960 records");
        assertThat(result.err()).contains("publishing synthetic (40 personas, seed 11)").contains("published 960 in");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka.consumerConfig("check"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            var records = TestRecords.pollToEnd(consumer, Duration.ofSeconds(60));
            assertThat(records).hasSize(960);
            assertThat(records.stream().map(r -> r.key()).distinct()).hasSize(40);
        }
    }

    @Test
    void publishingTwiceAppendsToAnExistingTopic(KafkaTestContext kafka) {
        String topic = kafka.uniqueTopic("again");
        String[] args = {"publish", "--source", "synthetic", "--bootstrap", kafka.bootstrapServers(), "--topic", topic};

        CliRunner first = CliRunner.run(args);
        CliRunner second = CliRunner.run(args);

        assertThat(first.exitCode()).isZero();
        assertThat(first.err()).doesNotContain("created topic");
        assertThat(second.out()).contains("now holds 1,920 records");
    }
}
