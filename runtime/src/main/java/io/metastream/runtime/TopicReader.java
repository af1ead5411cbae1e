package io.metastream.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning up to given offsets (or its current end), committed data only, without a
 * consumer group: how a service rebuilds its state from its own output or from a compacted topic on start.
 */
public final class TopicReader {
    private static final AtomicLong READERS = new AtomicLong();

    private TopicReader() {
    }

    /** Every committed record now in the topic, in partition order then offset order. */
    public static List<ConsumerRecord<String, byte[]>> readAll(Properties client, String topic, Duration timeout) {
        return read(client, topic, null, timeout);
    }

    /**
     * Records with offsets below {@code untilExclusive} per partition (a partition not in the map is not read).
     */
    public static List<ConsumerRecord<String, byte[]>> readUpTo(Properties client, String topic,
            Map<Integer, Long> untilExclusive, Duration timeout) {
        return read(client, topic, Map.copyOf(untilExclusive), timeout);
    }

    private static List<ConsumerRecord<String, byte[]>> read(Properties client, String topic,
            Map<Integer, Long> until, Duration timeout) {
        Properties props = new Properties();
        props.putAll(client);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        // a per-process sequence, not a UUID: the same ids after a restart
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "reader-" + topic + "-" + READERS.incrementAndGet());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (TopicPartition tp : partitions(consumer, topic, timeout)) {
                if (until == null || until.containsKey(tp.partition())) {
                    partitions.add(tp);
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> targets = new HashMap<>();
            if (until == null) {
                targets.putAll(consumer.endOffsets(partitions, timeout));
            } else {
                partitions.forEach(tp -> targets.put(tp, until.get(tp.partition())));
            }
            return drain(consumer, targets, deadline, topic);
        }
    }

    /**
     * The topic's partitions, waiting up to {@code timeout} for it to appear: a topic created a moment ago may not
     * be in the broker's metadata yet, and a service may start before the topics are created.
     *
     * @throws IllegalStateException if the topic still does not exist after the timeout
     */
    public static List<TopicPartition> partitions(Consumer<?, ?> consumer, String topic, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(topic, i.partition()))
                        .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("topic " + topic + " does not exist after " + timeout.toSeconds()
                        + " s: create it (or start the service that owns it) first");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topic " + topic, e);
            }
        }
    }

    private static List<ConsumerRecord<String, byte[]>> drain(KafkaConsumer<String, byte[]> consumer,
            Map<TopicPartition, Long> targets, Instant deadline, String topic) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        while (!reached(consumer, targets)) {
            if (Instant.now().isAfter(deadline)) {
                throw new org.apache.kafka.common.errors.TimeoutException("reading " + topic + " up to " + targets
                        + " did not finish in time: is the broker reachable?");
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                Long target = targets.get(new TopicPartition(r.topic(), r.partition()));
                if (r.offset() < target) {
                    out.add(r);
                }
            }
        }
        out.sort(java.util.Comparator.<ConsumerRecord<String, byte[]>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return out;
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> targets) {
        for (Map.Entry<TopicPartition, Long> e : targets.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
