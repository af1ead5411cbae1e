package io.metastream.ingest;

import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Shell around {@link TaskAccumulator}: per example it reads the persona's small head, looks the example up,
 * stores it (and deletes what it evicts), and writes the head back: constant work however many examples the
 * persona holds. With an emit interval of zero every change is emitted at once; otherwise changed personas are
 * emitted together on a wall-clock punctuation, at most once per interval, since each revision carries the
 * whole task. The dirty flag lives in the stored head, so after a crash the pending personas are found again by
 * one scan of the heads at start-up.
 */
final class AccumulateProcessor implements Processor<String, SourcedExample, String, AccumulateProcessor.Emitted> {

    /** A task revision on its way out: its split picks the topic, its JSON is the value. */
    record Emitted(Split split, byte[] json) {
    }

    private final TaskAccumulator accumulator;
    private final PersonaSplitter splitter;
    private final IngestMetrics metrics;
    private final Duration emitInterval;
    private final String sourceTopic;
    private final Set<String> pending = new LinkedHashSet<>();
    private ProcessorContext<String, Emitted> context;
    private KeyValueStore<String, TaskHead> heads;
    private KeyValueStore<Bytes, byte[]> entries;

    AccumulateProcessor(TaskAccumulator accumulator, PersonaSplitter splitter, IngestMetrics metrics,
            Duration emitInterval, String sourceTopic) {
        this.accumulator = accumulator;
        this.splitter = splitter;
        this.metrics = metrics;
        this.emitInterval = emitInterval;
        this.sourceTopic = sourceTopic;
    }

    @Override
    public void init(ProcessorContext<String, Emitted> context) {
        this.context = context;
        this.heads = context.getStateStore(IngestTopology.HEADS_STORE);
        this.entries = context.getStateStore(IngestTopology.ENTRIES_STORE);
        if (!emitInterval.isZero()) {
            try (KeyValueIterator<String, TaskHead> all = heads.all()) {
                all.forEachRemaining(kv -> {
                    if (kv.value.dirty()) {
                        pending.add(kv.key);
                    }
                });
            }
            context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, this::emitPending);
        }
    }

    @Override
    public void process(Record<String, SourcedExample> record) {
        String personaId = record.key();
        TaskHead head = heads.get(personaId);
        if (head == null) {
            // The split is decided once and stored: later changes of salt or fraction never move a persona.
            head = TaskHead.empty(splitter.splitOf(personaId));
        }
        TaskAccumulator.Outcome outcome;
        try (TaskStores.PersonaEntries held = new TaskStores.PersonaEntries(entries, personaId, sourceTopic)) {
            outcome = accumulator.add(head, held, accumulator.entryOf(record.value()));
            switch (outcome.change()) {
                case DUPLICATE -> metrics.duplicate();
                case OVER_CAPACITY -> metrics.overCapacity();
                case ADDED -> metrics.added();
            }
            if (outcome.head().equals(head)) {
                return;
            }
            if (emitInterval.isZero()) {
                emit(personaId, outcome.head(), held, record.timestamp());
                return;
            }
        }
        heads.put(personaId, outcome.head());
        pending.add(personaId);
    }

    private void emitPending(long now) {
        for (String personaId : pending) {
            TaskHead head = heads.get(personaId);
            if (head != null) {
                try (TaskStores.PersonaEntries held = new TaskStores.PersonaEntries(entries, personaId, sourceTopic)) {
                    emit(personaId, head, held, now);
                }
            }
        }
        pending.clear();
    }

    /** Stores the head, after emitting its next revision if it has one. */
    private void emit(String personaId, TaskHead head, TaskStores.PersonaEntries held, long timestamp) {
        var emission = accumulator.emit(personaId, head, held);
        if (emission.isEmpty()) {
            heads.put(personaId, head);
            return;
        }
        heads.put(personaId, emission.get().head());
        metrics.emitted(emission.get().split());
        context.forward(new Record<>(PersonaTask.taskIdFor(personaId, emission.get().split()),
                new Emitted(emission.get().split(), emission.get().json()), timestamp));
    }
}
