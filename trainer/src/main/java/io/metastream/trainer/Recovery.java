package io.metastream.trainer;

import io.metastream.domain.Checkpoint;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.serde.JsonSerde;
import io.metastream.runtime.TopicReader;
import io.metastream.store.ArtifactStore;
import io.metastream.store.VersionOrder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The trainer's start-up reconciliation steps, each reading committed Kafka state. */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private Recovery() {
    }

    /**
     * This trainer's checkpoints committed so far: the versions they reference, the newest one and its published
     * digest (what the parent of the next round must verify against).
     */
    record Published(Set<String> versions, Optional<String> last, Optional<String> lastSha256) {
    }

    /**
     * Assigns every partition of the tasks topic and returns where to resume: the committed offset, or the
     * beginning for a partition never committed.
     */
    static Map<Integer, Long> committedOffsets(KafkaConsumer<String, byte[]> consumer, String topic, Duration timeout) {
        Set<TopicPartition> partitions = new HashSet<>(TopicReader.partitions(consumer, topic, timeout));
        consumer.assign(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions, timeout);
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, timeout);
        Map<Integer, Long> out = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            out.put(tp.partition(), c != null ? c.offset() : beginning.get(tp));
        }
        return out;
    }

    static Published readCheckpoints(Properties client, String topic, JsonSerde<Checkpoint> serde, Versions own,
            Duration timeout) {
        Set<String> versions = new HashSet<>();
        Map<String, String> digests = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : TopicReader.readAll(client, topic, timeout)) {
            try {
                Checkpoint c = serde.fromBytes(r.value());
                if (c != null && own.owns(c.version())) {
                    versions.add(c.version());
                    digests.put(c.version(), c.sha256());
                }
            } catch (SerializationException e) {
                LOG.warn("ignoring an undecodable checkpoint event at {}-{}@{}", r.topic(), r.partition(), r.offset());
            }
        }
        Optional<String> last = versions.stream().max(VersionOrder.INSTANCE);
        return new Published(Set.copyOf(versions), last, last.map(digests::get));
    }

    /** Deletes this trainer's version directories that no committed checkpoint references (a crash between rename and commit). */
    static List<String> deleteOrphans(ArtifactStore store, Versions own, Set<String> referenced) throws IOException {
        Optional<String> production = store.productionVersion();
        List<String> deleted = new ArrayList<>();
        for (String v : store.versions()) {
            if (!own.owns(v) || referenced.contains(v)) {
                continue;
            }
            if (production.filter(v::equals).isPresent()) {
                LOG.warn("production version {} has no committed checkpoint event; keeping it", v);
                continue;
            }
            store.delete(v);
            deleted.add(v);
        }
        if (!deleted.isEmpty()) {
            LOG.warn("deleted orphan versions {} (published but never committed before a crash)", deleted);
        }
        return deleted;
    }

    /** Tasks before the committed offsets, in record order (the pool keeps the newest revision of each). */
    static List<PersonaTask> readTasks(Properties client, String topic, Map<Integer, Long> until,
            JsonSerde<PersonaTask> serde, Duration timeout) {
        List<PersonaTask> tasks = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : TopicReader.readUpTo(client, topic, until, timeout)) {
            try {
                PersonaTask t = serde.fromBytes(r.value());
                if (t != null) {
                    tasks.add(t);
                }
            } catch (SerializationException e) {
                LOG.warn("ignoring an undecodable task at {}-{}@{}", r.topic(), r.partition(), r.offset());
            }
        }
        return tasks;
    }
}
