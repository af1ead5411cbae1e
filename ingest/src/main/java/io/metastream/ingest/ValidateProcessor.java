package io.metastream.ingest;

import io.metastream.domain.OffsetRange;
import io.metastream.domain.RejectReason;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Shell around {@link ExampleValidator}: valid records continue with their source offset and no headers;
 * invalid ones keep their original bytes and headers, plus the reason and detail headers.
 */
final class ValidateProcessor implements Processor<byte[], byte[], byte[], ValidateProcessor.Routed> {

    /** What leaves the processor: exactly one of {@code valid} and {@code rejectedBytes} is meaningful. */
    record Routed(SourcedExample valid, byte[] rejectedBytes) {
        boolean isValid() {
            return valid != null;
        }
    }

    private final ExampleValidator validator;
    private final IngestMetrics metrics;
    private ProcessorContext<byte[], Routed> context;

    ValidateProcessor(ExampleValidator validator, IngestMetrics metrics) {
        this.validator = validator;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], Routed> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        metrics.consumed();
        Validation v = validator.validate(record.value());
        if (v instanceof Validation.Valid valid) {
            OffsetRange source = context.recordMetadata().map(ValidateProcessor::offsetOf)
                    .orElseThrow(() -> new IllegalStateException("a source record has no topic metadata"));
            context.forward(record.withValue(new Routed(new SourcedExample(valid.example(), source), null))
                    .withHeaders(new RecordHeaders()));
        } else if (v instanceof Validation.Invalid invalid) {
            metrics.rejected(invalid.reason());
            Headers headers = new RecordHeaders(record.headers().toArray());
            headers.remove(RejectReason.HEADER);
            headers.remove(RejectReason.DETAIL_HEADER);
            headers.add(RejectReason.HEADER, invalid.reason().name().getBytes(StandardCharsets.UTF_8));
            headers.add(RejectReason.DETAIL_HEADER, invalid.detail().getBytes(StandardCharsets.UTF_8));
            context.forward(record.withValue(new Routed(null, record.value())).withHeaders(headers));
        }
    }

    private static OffsetRange offsetOf(RecordMetadata m) {
        return new OffsetRange(m.topic(), m.partition(), m.offset(), m.offset() + 1);
    }
}
