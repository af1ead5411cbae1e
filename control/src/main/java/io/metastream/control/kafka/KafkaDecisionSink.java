package io.metastream.control.kafka;

import io.metastream.control.DecisionSink;
import io.metastream.domain.PromotionDecision;
import io.metastream.domain.Topics;
import io.metastream.domain.serde.JsonSerde;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Records decisions in Kafka: the ledger entry and, when accepted, the production pointer, in one
 * transaction, so a reader never sees a pointer move without its ledger entry or the other way round.
 *
 * <p>Every ledger entry has the same key so they all land in one partition: the ledger's order is total, which
 * the production history (a stack of promotions and rollbacks) depends on. The fixed transactional id fences
 * a second control service instance: there is one writer of the ledger at a time.
 */
public final class KafkaDecisionSink implements DecisionSink, AutoCloseable {
    public static final String LEDGER_KEY = "ledger";
    public static final String POINTER_KEY = "production";

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final JsonSerde<PromotionDecision> serde = JsonSerde.promotionDecision();
    private String broken;
    private KafkaClientMetrics clientMetrics;

    KafkaDecisionSink(Producer<String, byte[]> producer, Topics topics) {
        this.producer = producer;
        this.topics = topics;
        producer.initTransactions(); // fences an older instance and aborts its unfinished transaction
    }

    /** A transactional producer on {@code client} settings (bootstrap servers and any overrides). */
    public static KafkaDecisionSink create(Properties client, Topics topics, String transactionalId) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, transactionalId + "-ledger");
        // an operator waits on the HTTP call: fail within seconds rather than hang when Kafka is away
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        return new KafkaDecisionSink(new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()),
                topics);
    }

    @Override
    public synchronized void publish(PromotionDecision decision) {
        if (broken != null) {
            throw new IllegalStateException(broken);
        }
        try {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topics.promotionLedger(), LEDGER_KEY, serde.toBytes(decision)));
            if (decision.outcome() == PromotionDecision.Outcome.ACCEPTED) {
                producer.send(new ProducerRecord<>(topics.productionPointer(), POINTER_KEY,
                        decision.version().getBytes(StandardCharsets.UTF_8)));
            }
            producer.commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            broken = "the ledger producer can no longer write (" + e.getClass().getSimpleName()
                    + "): another control service instance may have taken over; restart this one";
            throw new IllegalStateException(broken, e);
        } catch (TimeoutException e) {
            // the commit may or may not have happened: only re-reading the ledger can tell
            broken = "Kafka did not confirm the ledger transaction in time, its outcome is unknown; restart the"
                    + " control service to reload the ledger";
            throw new IllegalStateException(broken, e);
        } catch (KafkaException e) {
            abort(e);
            throw e;
        }
    }

    private void abort(KafkaException cause) {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            broken = "the ledger transaction could not be aborted after " + cause.getMessage()
                    + "; restart the control service";
            cause.addSuppressed(e);
        }
    }

    /** Publishes the ledger producer's own metrics ({@code kafka_producer_*}) until {@link #close()}. */
    public synchronized KafkaDecisionSink bindMetrics(MeterRegistry registry) {
        if (clientMetrics == null) {
            clientMetrics = new KafkaClientMetrics(producer);
            clientMetrics.bindTo(registry);
        }
        return this;
    }

    /** Whether decisions can still be recorded (false after fencing or an unknown outcome: restart). */
    public synchronized boolean healthy() {
        return broken == null;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (clientMetrics != null) {
                clientMetrics.close();
            }
        }
        producer.close(Duration.ofSeconds(10));
    }
}
