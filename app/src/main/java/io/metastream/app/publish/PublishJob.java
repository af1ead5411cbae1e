package io.metastream.app.publish;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.serde.JsonSerde;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One publish run: make sure the topic exists, stream the source through an idempotent producer, report
 * progress about once a second on {@code progress}, and return the counts. The code path of
 * {@code metastream publish}, also driven directly by integration tests.
 */
public final class PublishJob {

    /**
     * @param bootstrapServers where to publish
     * @param topic            the conversations topic
     * @param partitions       partitions if the topic has to be created
     * @param progressInterval how often to print progress
     */
    public record Settings(String bootstrapServers, String topic, int partitions, Duration progressInterval) {
        public Settings {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(progressInterval, "progressInterval");
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
            }
        }
    }

    private final Settings settings;
    private final PrintWriter progress;
    private final LongSupplier nanoClock;

    public PublishJob(Settings settings, PrintWriter progress, LongSupplier nanoClock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    public PublishReport run(ExampleSource source) throws IOException {
        try (KafkaTopics topics = new KafkaTopics(settings.bootstrapServers())) {
            if (topics.ensureTopic(settings.topic(), settings.partitions(), false)) {
                progress.printf("created topic %s (%d partitions)%n", settings.topic(), settings.partitions());
            }
        }
        var config = ProducerSettings.forPublishing(settings.bootstrapServers(), "metastream-publish");
        try (KafkaProducer<String, ConversationExample> producer = new KafkaProducer<>(config, new StringSerializer(),
                JsonSerde.conversationExample().serializer())) {
            ExamplePublisher publisher = new ExamplePublisher(producer, settings.topic());
            ProgressMeter meter = new ProgressMeter("published", settings.progressInterval(), nanoClock.getAsLong());
            source.forEach(example -> {
                publisher.send(example);
                meter.update(publisher.acknowledged(), nanoClock.getAsLong()).ifPresent(line -> {
                    progress.println(line);
                    progress.flush();
                });
            });
            PublishReport report = publisher.finish().withSkippedInput(source.problems());
            progress.println(meter.summary(report.published(), nanoClock.getAsLong()));
            progress.flush();
            return report;
        }
    }
}
