package io.metastream.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reading what a test expects from a topic, without fixed sleeps. */
public final class TestRecords {

    private static final Duration POLL = Duration.ofMillis(100);

    private TestRecords() {
    }

    /**
     * Polls a subscribed or assigned consumer until at least {@code count} records have arrived.
     *
     * @throws AssertionError with the number received if fewer arrive within {@code timeout}
     */
    public static <K, V> List<ConsumerRecord<K, V>> pollAtLeast(Consumer<K, V> consumer, int count, Duration timeout) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        TestWaits.waitUntil(timeout, () -> {
            consumer.poll(POLL).forEach(records::add);
            return records.size() >= count;
        }, "at least " + count + " records arrive (so far " + records.size() + ")");
        return records;
    }

    /**
     * Polls until the consumer has reached the end of its assignment ({@code position == endOffset} on
     * every partition) and returns everything read on the way: for checking that nothing else arrived.
     */
    public static <K, V> List<ConsumerRecord<K, V>> pollToEnd(Consumer<K, V> consumer, Duration timeout) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        TestWaits.waitUntil(timeout, () -> {
            consumer.poll(POLL).forEach(records::add);
            var assignment = consumer.assignment();
            if (assignment.isEmpty()) {
                return false;
            }
            var ends = consumer.endOffsets(assignment);
            return assignment.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
        }, "the consumer reaches the end of its partitions");
        return records;
    }
}
