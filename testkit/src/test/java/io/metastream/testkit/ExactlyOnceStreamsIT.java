package io.metastream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local broker's one-replica settings carry exactly-once Kafka Streams, with a changelogged store. */
@WithKafka
class ExactlyOnceStreamsIT {

    @TempDir
    Path stateDir;

    @Test
    void countsPerKeyWithExactlyOnceV2AndReadCommittedOutput(KafkaTestContext kafka) {
        String input = kafka.uniqueTopic("eos-in");
        String output = kafka.uniqueTopic("eos-out");
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()).withName("read-input"))
                .groupByKey()
                .count(Named.as("count-per-key"), Materialized.as("counts"))
                .toStream(Named.as("counts-stream"))
                .mapValues(n -> Long.toString(n), Named.as("format-count"))
                .to(output, Produced.with(Serdes.String(), Serdes.String()).withName("write-output"));

        Properties props = new Properties();
        props.putAll(kafka.clientConfig());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.uniqueName("eos-app"));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // no record cache: every count update is emitted, so the exact sequence per key is checkable
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");

        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.clientConfig(),
                    new StringSerializer(), new StringSerializer())) {
                for (String key : List.of("a", "b", "a", "c", "a", "b")) {
                    producer.send(new ProducerRecord<>(input, key, key.toUpperCase(Locale.ROOT)));
                }
            }
            Map<String, Object> config = kafka.consumerConfig("eos-check");
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of(output));
                List<ConsumerRecord<String, String>> records =
                        TestRecords.pollAtLeast(consumer, 6, Duration.ofSeconds(90));

                // a late rebalance is normal; an error state is not
                assertThat(streams.state()).isNotIn(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR);
                assertThat(records.stream().filter(r -> r.key().equals("a")).map(ConsumerRecord::value))
                        .containsExactly("1", "2", "3");
                assertThat(records).hasSize(6);
            }
        }
    }
}
