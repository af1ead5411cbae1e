package io.metastream.testkit;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.metastream.broker.LocalBroker;
import io.metastream.domain.Topics;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * What a test gets from {@link WithKafka}: where the broker is, and names no other test uses, so tests
 * sharing one broker never see each other's records.
 */
public final class KafkaTestContext {

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final Pattern ILLEGAL_TOPIC_CHARS = Pattern.compile("[^a-zA-Z0-9._-]");
    /** Kafka's limit is 249; leave room for the sequence suffix. */
    private static final int MAX_PREFIX = 200;

    private final LocalBroker broker;
    private final int defaultPartitions;

    KafkaTestContext(LocalBroker broker, int defaultPartitions) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.defaultPartitions = defaultPartitions;
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The running broker (shared by other test classes unless the scope is {@code CLASS}). */
    public LocalBroker broker() {
        return broker;
    }

    /** A name no other call in this JVM returns: for topics, group ids, transactional ids. */
    public String uniqueName(String prefix) {
        return nextName(prefix);
    }

    static String nextName(String prefix) {
        String clean = ILLEGAL_TOPIC_CHARS.matcher(Objects.requireNonNull(prefix, "prefix")).replaceAll("-");
        if (clean.length() > MAX_PREFIX) {
            clean = clean.substring(0, MAX_PREFIX);
        }
        return clean + "-" + SEQUENCE.incrementAndGet();
    }

    /** Creates a new, empty, non-compacted topic with the default partition count; returns its name. */
    public String uniqueTopic(String prefix) {
        return uniqueTopic(prefix, defaultPartitions, false);
    }

    /** Creates a new, empty topic; returns its name. */
    public String uniqueTopic(String prefix, int partitions, boolean compacted) {
        String name = uniqueName(prefix);
        broker.createTopic(name, partitions, compacted);
        return name;
    }

    /**
     * The whole topic catalogue under a unique prefix, created with the right compaction, for tests of
     * services that use {@link Topics}.
     */
    public Topics uniqueCatalogue(String prefix) {
        Topics topics = new Topics(uniqueName(prefix) + ".");
        for (String topic : topics.all()) {
            broker.createTopic(topic, defaultPartitions, topics.compacted().contains(topic));
        }
        return topics;
    }

    /** Client settings every producer, consumer and admin needs. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    /** Consumer settings for a fresh group that reads from the beginning. */
    public Map<String, Object> consumerConfig(String groupPrefix) {
        Map<String, Object> config = clientConfig();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, uniqueName(groupPrefix));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }
}
