package io.metastream.ingest;

import io.metastream.domain.PersonaTask;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Shell around {@link TaskAccumulator}: loads the persona's state, folds the example, stores it, and emits.
 * With an emit interval of zero every change is emitted at once; otherwise changed personas are emitted
 * together on a wall-clock punctuation, at most once per interval, since each revision carries the whole
 * task and emitting per example would write O(n²) bytes per persona. The dirty flag lives in the stored
 * state, so after a crash the pending personas are found again by one scan at start-up.
 */
final class AccumulateProcessor implements Processor<String, SourcedExample, String, PersonaTask> {
    private final String storeName;
    private final TaskAccumulator accumulator;
    private final PersonaSplitter splitter;
    private final IngestMetrics metrics;
    private final Duration emitInterval;
    private final Set<String> pending = new LinkedHashSet<>();
    private ProcessorContext<String, PersonaTask> context;
    private KeyValueStore<String, TaskState> tasks;

    AccumulateProcessor(String storeName, TaskAccumulator accumulator, PersonaSplitter splitter,
            IngestMetrics metrics, Duration emitInterval) {
        this.storeName = storeName;
        this.accumulator = accumulator;
        this.splitter = splitter;
        this.metrics = metrics;
        this.emitInterval = emitInterval;
    }

    @Override
    public void init(ProcessorContext<String, PersonaTask> context) {
        this.context = context;
        this.tasks = context.getStateStore(storeName);
        if (!emitInterval.isZero()) {
            try (KeyValueIterator<String, TaskState> all = tasks.all()) {
                all.forEachRemaining(kv -> {
                    if (kv.value.dirty()) {
                        pending.add(kv.key);
                    }
                });
            }
            context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> emitPending(now));
        }
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
            case ADDED -> {
                if (emitInterval.isZero()) {
                    emit(personaId, outcome.state(), record.timestamp());
                } else {
                    tasks.put(personaId, outcome.state());
                    pending.add(personaId);
                }
            }
        }
    }

    private void emitPending(long now) {
        for (String personaId : pending) {
            TaskState state = tasks.get(personaId);
            if (state != null) {
                emit(personaId, state, now);
            }
        }
        pending.clear();
    }

    /** Stores the state, after emitting its next revision if it has one. */
    private void emit(String personaId, TaskState state, long timestamp) {
        var emission = accumulator.emit(state);
        if (emission.isEmpty()) {
            tasks.put(personaId, state);
            return;
        }
        PersonaTask task = emission.get().task();
        tasks.put(personaId, emission.get().state());
        metrics.emitted(task.split());
        context.forward(new Record<>(task.taskId(), task, timestamp));
    }
}
