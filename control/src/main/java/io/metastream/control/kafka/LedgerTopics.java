package io.metastream.control.kafka;

import io.metastream.control.ControlState;
import io.metastream.domain.PromotionDecision;
import io.metastream.domain.Topics;
import io.metastream.domain.serde.JsonSerde;
import io.metastream.runtime.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creating and reading back the topics the control service owns: the ledger and the production pointer. */
public final class LedgerTopics {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerTopics.class);

    private LedgerTopics() {
    }

    /**
     * Creates whichever of the control service's topics is missing: the ledger (one partition, kept forever),
     * the pointer (one partition, compacted), and the upstream checkpoints and evaluations topics with broker
     * defaults so a fresh cluster can start in any order. Existing topics are left as they are.
     */
    public static void ensure(Properties client, Topics topics, Duration timeout) {
        try (Admin admin = Admin.create(client)) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            if (!existing.contains(topics.promotionLedger())) {
                missing.add(new NewTopic(topics.promotionLedger(), Optional.of(1), Optional.empty()).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1")));
            }
            if (!existing.contains(topics.productionPointer())) {
                missing.add(new NewTopic(topics.productionPointer(), Optional.of(1), Optional.empty()).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            for (String upstream : List.of(topics.checkpoints(), topics.evaluations())) {
                if (!existing.contains(upstream)) {
                    missing.add(new NewTopic(upstream, Optional.empty(), Optional.empty()));
                }
            }
            for (NewTopic topic : missing) {
                create(admin, topic, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the control topics", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot list topics at " + client.get("bootstrap.servers") + ": "
                    + e.getMessage() + "; is Kafka reachable?", e);
        }
    }

    private static void create(Admin admin, NewTopic topic, Duration timeout) throws InterruptedException {
        try {
            admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Created topic {}", topic.name());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                // e.g. not authorised: the topic may be managed elsewhere (Strimzi KafkaTopic); reading it will tell
                LOG.warn("Could not create topic {}: {}", topic.name(), e.getCause().getMessage());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("Creating topic {} did not finish within {} s", topic.name(), timeout.toSeconds());
        }
    }

    /**
     * Folds the whole ledger into a state (production and history; checkpoints and evaluations come later).
     * An unreadable entry is skipped with an error log rather than blocking every future decision. Also
     * compares the production pointer with the ledger and warns when they disagree: the ledger wins.
     */
    public static ControlState restore(Properties client, Topics topics, Duration timeout) {
        JsonSerde<PromotionDecision> serde = JsonSerde.promotionDecision();
        ControlState state = ControlState.EMPTY;
        for (ConsumerRecord<String, byte[]> r : TopicReader.readAll(client, topics.promotionLedger(), timeout)) {
            try {
                PromotionDecision d = serde.fromBytes(r.value());
                if (d != null) {
                    state = state.withDecision(d);
                }
            } catch (SerializationException e) {
                LOG.error("Ledger entry {}-{}@{} is unreadable and was skipped: {}", r.topic(), r.partition(), r.offset(),
                        e.getMessage());
            }
        }
        Optional<String> pointer = pointer(client, topics, timeout);
        if (!pointer.equals(state.production())) {
            LOG.warn("Production pointer says {} but the ledger says {}; the ledger is the source of truth",
                    pointer.orElse("(none)"), state.production().orElse("(none)"));
        }
        return state;
    }

    /** The latest value of the production pointer, if any. */
    public static Optional<String> pointer(Properties client, Topics topics, Duration timeout) {
        String latest = null;
        for (ConsumerRecord<String, byte[]> r : TopicReader.readAll(client, topics.productionPointer(), timeout)) {
            if (KafkaDecisionSink.POINTER_KEY.equals(r.key())) {
                latest = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
            }
        }
        return Optional.ofNullable(latest);
    }
}
