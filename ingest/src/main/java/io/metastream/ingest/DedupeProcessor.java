package io.metastream.ingest;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Drops an example whose id was already seen on this persona partition. The store (example id → first
 * timestamp) is changelogged, so a restart or a producer retry cannot add an example twice.
 */
final class DedupeProcessor implements Processor<String, SourcedExample, String, SourcedExample> {
    private final String storeName;
    private final IngestMetrics metrics;
    private ProcessorContext<String, SourcedExample> context;
    private KeyValueStore<String, Long> seen;

    DedupeProcessor(String storeName, IngestMetrics metrics) {
        this.storeName = storeName;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SourcedExample> context) {
        this.context = context;
        this.seen = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, SourcedExample> record) {
        String exampleId = record.value().example().exampleId();
        if (seen.get(exampleId) != null) {
            metrics.duplicate();
            return;
        }
        seen.put(exampleId, record.timestamp());
        context.forward(record);
    }
}
