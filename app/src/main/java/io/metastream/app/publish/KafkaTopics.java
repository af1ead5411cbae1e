package io.metastream.app.publish;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** The few admin operations the CLI needs, with errors a user can act on. */
public final class KafkaTopics implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Admin admin;
    private final String bootstrap;

    public KafkaTopics(String bootstrapServers) {
        this.bootstrap = bootstrapServers;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "metastream-cli-admin",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()));
    }

    /**
     * Creates the topic unless it exists.
     *
     * @return true if this call created it
     */
    public boolean ensureTopic(String topic, int partitions, boolean compacted) {
        NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), Optional.empty()).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE));
        try {
            get(admin.createTopics(List.of(newTopic)).all(), "create topic " + topic);
            awaitServed(topic);
            return true;
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw e;
        }
    }

    /**
     * A new topic's leader can be named in metadata before its partitions are served; producing in that
     * gap fails NOT_LEADER and can leave an idempotent producer's retried first batch out of sequence.
     * Listing offsets is answered by the partition leader itself (the admin retries until it is).
     */
    private void awaitServed(String topic) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                recordCount(topic);
                return;
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a new topic", e);
        }
    }

    /** Records currently in the topic (end minus start offsets over all partitions). */
    public long recordCount(String topic) {
        var description = get(admin.describeTopics(List.of(topic)).allTopicNames(), "describe topic " + topic).get(topic);
        List<TopicPartition> partitions = description.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        long end = sum(admin.listOffsets(spec(partitions, OffsetSpec.latest())), topic);
        long start = sum(admin.listOffsets(spec(partitions, OffsetSpec.earliest())), topic);
        return end - start;
    }

    private static Map<TopicPartition, OffsetSpec> spec(List<TopicPartition> partitions, OffsetSpec spec) {
        return partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec));
    }

    private long sum(ListOffsetsResult result, String topic) {
        return get(result.all(), "list offsets of " + topic).values().stream()
                .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    }

    private <T> T get(KafkaFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trying to " + what, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot reach Kafka at " + bootstrap + " to " + what + " within "
                    + TIMEOUT.toSeconds() + " s: is a broker running there? Start one with 'metastream broker', "
                    + "or use --bootstrap embedded", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new IllegalStateException("Cannot reach Kafka at " + bootstrap + " to " + what + " within "
                        + TIMEOUT.toSeconds() + " s: is a broker running there? Start one with 'metastream broker', "
                        + "or use --bootstrap embedded", cause);
            }
            throw new IllegalStateException("Cannot " + what + " on " + bootstrap + ": " + cause.getMessage(), cause);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
