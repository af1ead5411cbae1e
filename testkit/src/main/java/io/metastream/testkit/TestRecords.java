package io.metastream.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reading what a test expects from a topic, without fixed sleeps: {@code poll} itself blocks until
 * records arrive, so these loops never pause on their own.
 */
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
        pollUntil(consumer, records, () -> records.size() >= count, timeout,
                () -> "at least " + count + " records arrive (got " + records.size() + ")");
        return records;
    }

    /**
     * Polls until the consumer has reached the end of its assignment ({@code position >= endOffset} on
     * every partition; for {@code read_committed} the end is the last stable offset) and returns
     * everything read on the way: for checking that nothing else arrived.
     */
    public static <K, V> List<ConsumerRecord<K, V>> pollToEnd(Consumer<K, V> consumer, Duration timeout) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        pollUntil(consumer, records, () -> atEnd(consumer), timeout,
                () -> "the consumer reaches the end of its partitions (got " + records.size() + " records)");
        return records;
    }

    private static <K, V> void pollUntil(Consumer<K, V> consumer, List<ConsumerRecord<K, V>> records,
                                         BooleanSupplier done, Duration timeout,
                                         java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            consumer.poll(POLL).forEach(records::add);
            if (done.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting until: " + what.get());
            }
        }
    }

    private static boolean atEnd(Consumer<?, ?> consumer) {
        var assignment = consumer.assignment();
        if (assignment.isEmpty()) {
            return false;
        }
        var ends = consumer.endOffsets(assignment);
        return assignment.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
    }
}
