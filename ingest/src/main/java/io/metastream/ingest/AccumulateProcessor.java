package io.metastream.ingest;

import io.metastream.domain.PersonaTask;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Shell around {@link TaskAccumulator}: loads the persona's state, folds the example, stores, emits. */
final class AccumulateProcessor implements Processor<String, SourcedExample, String, PersonaTask> {
    private final String storeName;
    private final TaskAccumulator accumulator;
    private final PersonaSplitter splitter;
    private final IngestMetrics metrics;
    private ProcessorContext<String, PersonaTask> context;
    private KeyValueStore<String, TaskState> tasks;

    AccumulateProcessor(String storeName, TaskAccumulator accumulator, PersonaSplitter splitter,
            IngestMetrics metrics) {
        this.storeName = storeName;
        this.accumulator = accumulator;
        this.splitter = splitter;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, PersonaTask> context) {
        this.context = context;
        this.tasks = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, SourcedExample> record) {
        String personaId = record.value().example().personaId();
        TaskState state = tasks.get(personaId);
        if (state == null) {
            // The split is decided once and stored: later changes of salt or fraction never move a persona.
            state = TaskState.empty(personaId, splitter.splitOf(personaId));
        }
        TaskAccumulator.Outcome outcome = accumulator.add(state, record.value().example(), record.value().source());
        switch (outcome.change()) {
            case DUPLICATE -> metrics.duplicate();
            case OVER_CAPACITY -> metrics.overCapacity();
            case ADDED -> tasks.put(personaId, outcome.state());
        }
        outcome.emitted().ifPresent(task -> {
            metrics.emitted(task.split());
            context.forward(record.withKey(task.taskId()).withValue(task));
        });
    }
}
