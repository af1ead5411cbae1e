package io.metastream.ingest;

import io.metastream.domain.OffsetRange;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.domain.serde.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Folds a persona's examples, one at a time, into its task. No Kafka, no clock: the persona's examples are
 * reached through {@link Entries}, a sorted map the shell backs with a state store (tests with a TreeMap).
 *
 * <p>Policy, chosen so the task's content depends only on the <em>set</em> of distinct examples seen and
 * never on their arrival order (so replays, re-partitioning and out-of-order producers all agree):
 * <ul>
 *   <li>support and query are split by <em>dialogue</em>, so all turns of a dialogue are on one side and a
 *       query's gold reply never appears in a support example's context: of a persona's D held dialogues, the
 *       {@link #queryDialogues(int) round(queryFraction × D)} (at least one, at most D − 1) with the lowest
 *       salted hash of their id are query. A quota rather than a coin per dialogue, so a persona with a few
 *       dialogues still gets both sides; a dialogue can change sides between revisions as the persona gains
 *       dialogues, never within one;
 *   <li>an example id already held is a duplicate and changes nothing (first version wins);
 *   <li>examples are ordered by a salted hash of their id ({@link EntryKey}); the kept set is the longest
 *       prefix of that order within both {@code maxExamples} and {@code maxTaskBytes}. Whatever falls out
 *       lowers the {@link TaskHead#cutoff}, and nothing at or above the cutoff ever comes back, so the fold
 *       is idempotent and order-independent;
 *   <li>support and query lists come out in key order.
 * </ul>
 * Per example the work is constant (a head, one lookup, one insert) plus one step per evicted example,
 * each of which is evicted once. {@link #emit} assembles a revision from the held JSON without parsing it.
 */
public final class TaskAccumulator {
    /** Budgeted bytes of a task besides its examples: ids, split, revision, brackets (ids are at most 256 chars). */
    public static final int ENVELOPE_BYTES = 4_096;
    /** Budgeted bytes per example besides its JSON: a separator and its share of the sources list. */
    public static final int ENTRY_OVERHEAD_BYTES = 128;

    /** What happened to an incoming example. */
    public enum Change { ADDED, DUPLICATE, OVER_CAPACITY }

    /** The new head, what happened, and whether anything the persona held changed. */
    public record Outcome(TaskHead head, Change change) {
    }

    /** A revision to publish (its JSON) and the head to keep after publishing it. */
    public record Emission(Split split, long revision, byte[] json, TaskHead head) {
    }

    /** One persona's held entries, sorted by key. */
    public interface Entries {
        boolean contains(EntryKey key);

        void put(TaskEntry entry);

        void delete(EntryKey key);

        /** Highest key first; the caller closes nothing, the implementation cleans up after the fold. */
        Iterator<TaskEntry> descending();

        Iterator<TaskEntry> ascending();
    }

    private final TaskPolicy policy;
    private final String querySalt;
    private final String rankSalt;

    public TaskAccumulator(TaskPolicy policy) {
        this.policy = policy;
        // Independent hashes: the kept sample must not favour support or query dialogues.
        this.querySalt = policy.salt() + "/query";
        this.rankSalt = policy.salt() + "/rank";
    }

    public TaskPolicy policy() {
        return policy;
    }

    /** A dialogue's place in the query order: the lowest go to the query side. */
    public long dialogueRank(String dialogueId) {
        return StableHash.of(querySalt, dialogueId);
    }

    /** How many of a persona's {@code dialogues} are query: a rounded share, leaving both sides non-empty. */
    public int queryDialogues(int dialogues) {
        if (dialogues < 2 || policy.queryFraction() == 0) {
            return 0;
        }
        return (int) Math.min(dialogues - 1, Math.max(1, Math.round(policy.queryFraction() * dialogues)));
    }

    /** The query dialogues among {@code dialogueIds} (a set: order and repeats do not matter). */
    public java.util.Set<String> queryDialogues(java.util.Collection<String> dialogueIds) {
        List<String> sorted = new ArrayList<>(new java.util.TreeSet<>(dialogueIds));
        sorted.sort(java.util.Comparator.comparingLong(this::dialogueRank).thenComparing(d -> d));
        return new java.util.HashSet<>(sorted.subList(0, queryDialogues(sorted.size())));
    }

    public EntryKey keyOf(String exampleId) {
        return new EntryKey(StableHash.of(rankSalt, exampleId), exampleId);
    }

    /** The entry an example becomes. */
    public TaskEntry entryOf(SourcedExample e) {
        return new TaskEntry(keyOf(e.exampleId()), e.dialogueId(), e.source(), e.json());
    }

    /** Budgeted bytes of one entry. */
    public static long costOf(TaskEntry e) {
        return e.json().length + (long) ENTRY_OVERHEAD_BYTES;
    }

    public Outcome add(TaskHead head, Entries entries, TaskEntry entry) {
        EntryKey key = entry.key();
        if (head.cutoff() != null && key.compareTo(head.cutoff()) >= 0) {
            return new Outcome(head, Change.OVER_CAPACITY);
        }
        if (entries.contains(key)) {
            return new Outcome(head, Change.DUPLICATE);
        }
        int count = head.count() + 1;
        long bytes = head.bytes() + costOf(entry);
        EntryKey cutoff = head.cutoff();
        boolean newcomerOut = false;
        boolean heldChanged = false;
        if (count > policy.maxExamples() || bytes > policy.exampleBudget()) {
            // Drop from the top of the order (the newcomer included) until both limits hold again.
            Iterator<TaskEntry> held = entries.descending();
            TaskEntry next = held.hasNext() ? held.next() : null;
            while (count > policy.maxExamples() || bytes > policy.exampleBudget()) {
                TaskEntry out;
                if (!newcomerOut && (next == null || key.compareTo(next.key()) > 0)) {
                    out = entry;
                    newcomerOut = true;
                } else {
                    out = next;
                    entries.delete(out.key());
                    heldChanged = true;
                    next = held.hasNext() ? held.next() : null;
                }
                count--;
                bytes -= costOf(out);
                cutoff = out.key();
            }
        }
        if (!newcomerOut) {
            entries.put(entry);
        }
        boolean changed = !newcomerOut || heldChanged;
        TaskHead next = new TaskHead(head.split(), head.nextRevision(), head.dirty() || changed, count, bytes, cutoff);
        return new Outcome(next, newcomerOut ? Change.OVER_CAPACITY : Change.ADDED);
    }

    /**
     * The next revision if the persona changed since the last one and meets the minimums; else empty (the head
     * stays dirty, so the next change tries again). One pass over the held entries, once per emission.
     */
    public Optional<Emission> emit(String personaId, TaskHead head, Entries entries) {
        if (!head.dirty() || head.count() < policy.minSupport() + policy.minQuery()) {
            return Optional.empty();
        }
        List<TaskEntry> held = new ArrayList<>(head.count());
        entries.ascending().forEachRemaining(held::add);
        java.util.Set<String> queryDialogues = queryDialogues(held.stream().map(TaskEntry::dialogueId).toList());
        List<byte[]> support = new ArrayList<>(held.size());
        List<byte[]> query = new ArrayList<>();
        List<OffsetRange> sources = new ArrayList<>(held.size());
        for (TaskEntry e : held) {
            (queryDialogues.contains(e.dialogueId()) ? query : support).add(e.json());
            sources.add(e.source());
        }
        if (support.size() < policy.minSupport() || query.size() < policy.minQuery()) {
            return Optional.empty();
        }
        byte[] json = taskJson(personaId, head.split(), head.nextRevision(), support, query,
                OffsetRanges.merge(sources));
        TaskHead next = new TaskHead(head.split(), head.nextRevision() + 1, false, head.count(), head.bytes(),
                head.cutoff());
        return Optional.of(new Emission(head.split(), head.nextRevision(), json, next));
    }

    /**
     * The JSON of a {@link PersonaTask}, with the examples' stored JSON spliced in as it is: the same document
     * the record's serde would write, at the cost of a copy instead of a parse and a write per example.
     */
    static byte[] taskJson(String personaId, Split split, long revision, List<byte[]> support, List<byte[]> query,
            List<OffsetRange> sources) {
        try {
            int size = ENVELOPE_BYTES;
            for (byte[] b : support) {
                size += b.length + 1;
            }
            for (byte[] b : query) {
                size += b.length + 1;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(size);
            var m = Json.mapper();
            out.write(ascii("{\"taskId\":"));
            out.write(m.writeValueAsBytes(PersonaTask.taskIdFor(personaId, split)));
            out.write(ascii(",\"personaId\":"));
            out.write(m.writeValueAsBytes(personaId));
            out.write(ascii(",\"split\":\"" + split.name() + "\",\"revision\":" + revision + ",\"support\":"));
            array(out, support);
            out.write(ascii(",\"query\":"));
            array(out, query);
            out.write(ascii(",\"sources\":"));
            out.write(m.writeValueAsBytes(sources));
            out.write('}');
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a task", e);
        }
    }

    private static void array(ByteArrayOutputStream out, List<byte[]> items) {
        out.write('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(items.get(i));
        }
        out.write(']');
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
