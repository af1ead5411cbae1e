package io.metastream.app.local;

import io.metastream.domain.Checkpoint;
import io.metastream.domain.Evaluation;
import io.metastream.domain.serde.JsonSerde;
import io.metastream.runtime.TopicReader;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What a running pipeline has committed to its topics, read back for checks (the soak, the end-to-end test). */
public final class PipelineRecords {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final String bootstrapServers;

    public PipelineRecords(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public List<Checkpoint> checkpoints() {
        return TopicReader.readAll(client(), LocalPipeline.TOPICS.checkpoints(), TIMEOUT).stream()
                .map(r -> JsonSerde.checkpoint().fromBytes(r.value())).toList();
    }

    public List<Evaluation> evaluations() {
        return TopicReader.readAll(client(), LocalPipeline.TOPICS.evaluations(), TIMEOUT).stream()
                .map(r -> JsonSerde.evaluation().fromBytes(r.value())).toList();
    }

    /** The consumer group's committed offset per partition of {@code topic} (absent: nothing committed). */
    public Map<Integer, Long> committed(String groupId, String topic) {
        Properties p = client();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        try (KafkaConsumer<byte[], byte[]> c = consumer(p)) {
            Map<Integer, Long> out = new TreeMap<>();
            Map<TopicPartition, OffsetAndMetadata> committed = c.committed(new HashSet<>(partitions(c, topic)), TIMEOUT);
            committed.forEach((tp, o) -> {
                if (o != null) {
                    out.put(tp.partition(), o.offset());
                }
            });
            return out;
        }
    }

    /** The end offset per partition of {@code topic} (includes transaction markers). */
    public Map<Integer, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(client())) {
            Map<Integer, Long> out = new TreeMap<>();
            c.endOffsets(partitions(c, topic), TIMEOUT).forEach((tp, o) -> out.put(tp.partition(), o));
            return out;
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
        return TopicReader.partitions(c, topic, TIMEOUT);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Properties p) {
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private Properties client() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }
}
