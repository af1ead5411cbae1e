package io.metastream.ingest;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.OffsetRange;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.domain.serde.JsonSerde;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** One persona folded by the pure core over an in-memory sorted map: what the state stores do, in a test. */
final class TaskBook implements TaskAccumulator.Entries {
    final TaskAccumulator accumulator;
    final String personaId;
    final TreeMap<EntryKey, TaskEntry> held = new TreeMap<>();
    TaskHead head;

    TaskBook(TaskAccumulator accumulator, String personaId, Split split) {
        this.accumulator = accumulator;
        this.personaId = personaId;
        this.head = TaskHead.empty(split);
    }

    TaskAccumulator.Change add(ConversationExample e, OffsetRange source) {
        TaskAccumulator.Outcome o = accumulator.add(head, this, accumulator.entryOf(Examples.sourced(e, source)));
        head = o.head();
        return o.change();
    }

    Optional<PersonaTask> emit() {
        var emission = accumulator.emit(personaId, head, this);
        emission.ifPresent(em -> head = em.head());
        return emission.map(em -> JsonSerde.personaTask().fromBytes(em.json()));
    }

    /** Example ids held on one side, in key order. */
    List<String> ids(boolean query) {
        var queryDialogues = accumulator.queryDialogues(held.values().stream().map(TaskEntry::dialogueId).toList());
        return held.values().stream().filter(e -> queryDialogues.contains(e.dialogueId()) == query)
                .map(e -> e.key().exampleId()).toList();
    }

    @Override
    public boolean contains(EntryKey key) {
        return held.containsKey(key);
    }

    @Override
    public void put(TaskEntry entry) {
        held.put(entry.key(), entry);
    }

    @Override
    public void delete(EntryKey key) {
        held.remove(key);
    }

    @Override
    public Iterator<TaskEntry> descending() {
        return new ArrayList<>(held.descendingMap().values()).iterator();
    }

    @Override
    public Iterator<TaskEntry> ascending() {
        return new ArrayList<>(held.values()).iterator();
    }
}
