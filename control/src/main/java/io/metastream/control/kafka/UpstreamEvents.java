package io.metastream.control.kafka;

import io.metastream.domain.Checkpoint;
import io.metastream.domain.Evaluation;
import io.metastream.domain.Topics;
import io.metastream.domain.serde.JsonSerde;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the checkpoints and evaluations topics from the beginning (committed records only, no consumer
 * group: the whole history is small and is the state). A record that is not a valid event is logged and
 * counted, never fatal: one bad record must not stop promotions. Not thread-safe except {@link #wakeup()}.
 */
public final class UpstreamEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamEvents.class);

    /** Where parsed events go. */
    public interface Handler {
        void checkpoint(Checkpoint checkpoint);

        void evaluation(Evaluation evaluation);

        /** A record that could not be parsed; {@code topic} is the topic name. */
        void invalid(String topic, String problem);
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topics topics;
    private final Handler handler;
    private final List<TopicPartition> partitions;
    private final JsonSerde<Checkpoint> checkpoints = JsonSerde.checkpoint();
    private final JsonSerde<Evaluation> evaluations = JsonSerde.evaluation();
    private KafkaClientMetrics clientMetrics;

    public UpstreamEvents(Properties client, Topics topics, Handler handler, Duration timeout) {
        Properties props = new Properties();
        props.putAll(client);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        // stable across restarts: the client meters continue their series
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, client.getProperty(ConsumerConfig.CLIENT_ID_CONFIG,
                "metastream-control") + "-upstream");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.handler = handler;
        try {
            this.partitions = partitions(consumer, List.of(topics.checkpoints(), topics.evaluations()), timeout);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, List<String> names, Duration timeout) {
        List<TopicPartition> out = new ArrayList<>();
        for (String topic : names) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist: create it or check"
                        + " METASTREAM_TOPIC_PREFIX");
            }
            infos.forEach(i -> out.add(new TopicPartition(topic, i.partition())));
        }
        return List.copyOf(out);
    }

    /** Reads everything committed before this call; returns the number of records read. */
    public int catchUp(Duration timeout) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        Instant deadline = Instant.now().plus(timeout);
        int read = 0;
        while (!reached(ends)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("could not read the checkpoints and evaluations topics up to " + ends
                        + " within " + timeout.toSeconds() + " s: is the broker reachable?");
            }
            read += pollOnce(Duration.ofMillis(200));
        }
        return read;
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** One poll; dispatches what arrived and returns how many records that was. */
    public int pollOnce(Duration timeout) {
        int n = 0;
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            n++;
            try {
                if (r.topic().equals(topics.checkpoints())) {
                    Checkpoint c = checkpoints.fromBytes(r.value());
                    if (c != null) {
                        handler.checkpoint(c);
                    }
                } else {
                    Evaluation e = evaluations.fromBytes(r.value());
                    if (e != null) {
                        handler.evaluation(e);
                    }
                }
            } catch (SerializationException e) {
                LOG.warn("Skipping invalid record at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
                handler.invalid(r.topic(), e.getMessage());
            }
        }
        return n;
    }

    /**
     * Publishes this consumer's own metrics ({@code kafka_consumer_*}: fetch rate, records consumed, lag) until
     * {@link #close()}. Call before handing the instance to the polling thread.
     */
    public UpstreamEvents bindMetrics(MeterRegistry registry) {
        if (clientMetrics == null) {
            clientMetrics = new KafkaClientMetrics(consumer);
            clientMetrics.bindTo(registry);
        }
        return this;
    }

    /** Makes a blocked {@link #pollOnce} throw {@code WakeupException}; safe from any thread. */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        if (clientMetrics != null) {
            clientMetrics.close();
        }
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
