package io.metastream.ingest;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Drops an example whose id this persona already sent. The store ((persona, example id) → first timestamp)
 * is changelogged, so a restart or a producer retry cannot add an example twice. Keyed by persona too, so
 * the result never depends on which personas happen to share a partition.
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
        String key = storeKey(record.value());
        if (seen.get(key) != null) {
            metrics.duplicate();
            return;
        }
        seen.put(key, record.timestamp());
        context.forward(record);
    }

    static String storeKey(SourcedExample e) {
        return e.example().personaId() + '\u001f' + e.example().exampleId();
    }
}
