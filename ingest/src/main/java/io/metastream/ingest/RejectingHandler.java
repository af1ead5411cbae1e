package io.metastream.ingest;

import io.metastream.domain.DomainValidationException;
import io.metastream.domain.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' three per-record error handlers in one: whatever fails while deserialising, processing or
 * producing one record — a bug, a store error, a record or task the broker refuses as too large — sends
 * that record's source bytes to the rejected topic with a reason and a detail, and processing goes on. The
 * dead-letter record is written in the same transaction, so it is exactly-once too; the record is never
 * retried, so one poison record cannot stall a partition.
 */
public final class RejectingHandler
        implements ProcessingExceptionHandler, ProductionExceptionHandler, DeserializationExceptionHandler {
    /** Streams setting (ours) naming the rejected topic. */
    public static final String REJECTED_TOPIC_CONFIG = "metastream.rejected.topic";
    /** Header naming where the failed record was read: {@code topic/partition/offset}. */
    public static final String SOURCE_HEADER = "metastream-reject-source";
    private static final Logger LOG = LoggerFactory.getLogger(RejectingHandler.class);

    private String rejectedTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(REJECTED_TOPIC_CONFIG);
        if (topic == null) {
            throw new IllegalArgumentException(REJECTED_TOPIC_CONFIG + " is required by " + getClass().getName());
        }
        rejectedTopic = topic.toString();
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
            Exception exception) {
        return ProcessingExceptionHandler.Response.resume(deadLetter(context, exception, "processing"));
    }

    @Override
    public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context,
            ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (rejectedTopic.equals(record.topic())) {
            // The dead letter itself failed: say so once and go on rather than loop.
            LOG.error("could not write a record to the rejected topic {} ({}); it is dropped", rejectedTopic,
                    oneLine(exception));
            return ProductionExceptionHandler.Response.resume();
        }
        return ProductionExceptionHandler.Response.resume(deadLetter(context, exception, "producing to " + record.topic()));
    }

    @Override
    public ProductionExceptionHandler.Response handleSerializationError(ErrorHandlerContext context,
            ProducerRecord record, Exception exception, SerializationExceptionOrigin origin) {
        return ProductionExceptionHandler.Response.resume(deadLetter(context, exception, "serialising for " + record.topic()));
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
            ConsumerRecord<byte[], byte[]> record, Exception exception) {
        return DeserializationExceptionHandler.Response.resume(deadLetter(context, exception, "deserialising"));
    }

    private List<ProducerRecord<byte[], byte[]>> deadLetter(ErrorHandlerContext context, Exception exception,
            String stage) {
        RejectReason reason = reasonOf(exception);
        String source = context == null ? "punctuation" : context.topic() + "/" + context.partition() + "/" + context.offset();
        String detail = stage + " failed at " + (context == null ? "?" : context.processorNodeId()) + ": "
                + oneLine(exception);
        LOG.warn("rejecting the record from {}: {} {}", source, reason, detail);
        byte[] key = context == null ? null : context.sourceRawKey();
        byte[] value = context == null ? null : originalBytes(context.sourceRawValue());
        Headers headers = ValidateProcessor.rejectHeaders(context == null ? null : context.headers(), reason, detail);
        headers.remove(SOURCE_HEADER);
        headers.add(SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
        return List.of(new ProducerRecord<>(rejectedTopic, null, key, value, headers));
    }

    /**
     * After the repartition the source bytes are a {@link SourcedExample}; dead-letter its JSON so the rejected
     * topic always holds examples, never our internal format. Anything else (or a punctuation's null) as it is.
     */
    private static byte[] originalBytes(byte[] raw) {
        if (raw == null || raw.length == 0 || raw[0] == '{') {
            return raw;
        }
        try {
            return SourcedExample.serde("unknown").deserializer().deserialize("", raw).json();
        } catch (RuntimeException e) {
            return raw;
        }
    }

    static RejectReason reasonOf(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException) {
                return RejectReason.TOO_LARGE;
            }
            if (t instanceof DomainValidationException d) {
                return d.reason();
            }
        }
        return RejectReason.PROCESSING_FAILED;
    }

    static String oneLine(Throwable e) {
        return ExampleValidator.truncate(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
}
