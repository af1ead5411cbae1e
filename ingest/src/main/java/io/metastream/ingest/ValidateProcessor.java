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
 * Shell around {@link ExampleValidator}: valid records continue with their persona id, source offset and
 * canonical JSON, and no headers; invalid ones keep their original bytes and headers, plus the reason and
 * detail headers.
 */
final class ValidateProcessor implements Processor<byte[], byte[], byte[], ValidateProcessor.Routed> {

    /** What leaves the processor: either a valid example of a persona, or the bytes of a rejected record. */
    record Routed(String personaId, SourcedExample valid, byte[] rejectedBytes) {
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
        Validation v = validator.validate(record.key(), record.value());
        if (v instanceof Validation.Valid valid) {
            OffsetRange source = context.recordMetadata().map(ValidateProcessor::offsetOf)
                    .orElseThrow(() -> new IllegalStateException("a source record has no topic metadata"));
            var example = valid.accepted().example();
            SourcedExample sourced = new SourcedExample(example.exampleId(), example.dialogueId(), source,
                    valid.accepted().json());
            context.forward(record.withValue(new Routed(example.personaId(), sourced, null))
                    .withHeaders(new RecordHeaders()));
        } else if (v instanceof Validation.Invalid invalid) {
            metrics.rejected(invalid.reason());
            context.forward(record.withValue(new Routed(null, null, record.value()))
                    .withHeaders(rejectHeaders(record.headers(), invalid.reason(), invalid.detail())));
        }
    }

    /** The producer's headers plus ours (any reason headers it sent are replaced, never trusted). */
    static Headers rejectHeaders(Headers original, RejectReason reason, String detail) {
        Headers headers = new RecordHeaders(original == null ? new org.apache.kafka.common.header.Header[0]
                : original.toArray());
        headers.remove(RejectReason.HEADER);
        headers.remove(RejectReason.DETAIL_HEADER);
        headers.add(RejectReason.HEADER, reason.name().getBytes(StandardCharsets.UTF_8));
        headers.add(RejectReason.DETAIL_HEADER, ExampleValidator.truncate(detail).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static OffsetRange offsetOf(RecordMetadata m) {
        return new OffsetRange(m.topic(), m.partition(), m.offset(), m.offset() + 1);
    }
}
