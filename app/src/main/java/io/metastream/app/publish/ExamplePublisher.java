package io.metastream.app.publish;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.metastream.domain.ConversationExample;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends {@link ConversationExample}s to a topic keyed by persona id, so one persona's examples stay in
 * order on one partition. Sends are asynchronous; {@link #finish()} waits for every acknowledgement
 * and reports failures by exception type. The producer is the caller's (it decides retries and acks).
 */
public final class ExamplePublisher {

    private final Producer<String, ConversationExample> producer;
    private final String topic;
    private final AtomicLong acknowledged = new AtomicLong();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private long sent;

    public ExamplePublisher(Producer<String, ConversationExample> producer, String topic) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    /** Queues one example; may block while the producer's buffer is full (back-pressure). */
    public void send(ConversationExample example) {
        sent++;
        producer.send(new ProducerRecord<>(topic, example.personaId(), example), (metadata, error) -> {
            if (error == null) {
                acknowledged.incrementAndGet();
            } else {
                failures.computeIfAbsent(error.getClass().getSimpleName(), k -> new LongAdder()).increment();
            }
        });
    }

    /** Examples acknowledged so far (for progress lines). */
    public long acknowledged() {
        return acknowledged.get();
    }

    public long sent() {
        return sent;
    }

    /** Flushes, so every callback has run, and reports. */
    public PublishReport finish() {
        producer.flush();
        Map<String, Long> rejected = new TreeMap<>();
        failures.forEach((reason, n) -> rejected.put(reason, n.sum()));
        return new PublishReport(acknowledged.get(), rejected);
    }
}
