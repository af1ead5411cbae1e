package io.metastream.ingest;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.OffsetRange;
import io.metastream.domain.PersonaTask;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Folds a persona's examples, one at a time, into its task. Pure: no Kafka, no clock.
 *
 * <p>Policy, chosen so the task's content depends only on the <em>set</em> of distinct examples seen and
 * never on their arrival order (so replays, re-partitioning and out-of-order producers all agree):
 * <ul>
 *   <li>support or query is decided by a salted hash of the example id ({@code < queryFraction} → query);
 *   <li>an example id already held is a duplicate and changes nothing (first version wins);
 *   <li>when more than {@code maxExamples} are seen, the ones with the lowest salted-hash rank are kept —
 *       a uniform, deterministic sample (bottom-k). A newcomer ranked above every kept example is dropped;
 *       one ranked below evicts the highest. An evicted example can never come back, since the cut-off only
 *       falls, which also makes the fold idempotent;
 *   <li>support and query lists come out in rank order.
 * </ul>
 * A change marks the state dirty; {@link #emit} turns a dirty state that has at least {@code minSupport}
 * support and {@code minQuery} query examples into the next revision (0, 1, 2, ...). The caller decides
 * when to emit: after every change, or once per interval to bound the output (each revision carries the
 * whole task). {@code sources} lists the offsets of exactly the examples in that revision, merged into ranges.
 */
public final class TaskAccumulator {
    /** What happened to an incoming example. */
    public enum Change { ADDED, DUPLICATE, OVER_CAPACITY }

    /** The new state and what happened to the example. */
    public record Outcome(TaskState state, Change change) {
    }

    /** A revision to publish and the state to keep after publishing it. */
    public record Emission(PersonaTask task, TaskState state) {
    }

    private static final Comparator<TaskEntry> BY_RANK =
            Comparator.comparingLong(TaskEntry::rank).thenComparing(TaskEntry::exampleId);

    private final TaskPolicy policy;
    private final String querySalt;
    private final String rankSalt;

    public TaskAccumulator(TaskPolicy policy) {
        this.policy = policy;
        // Independent hashes: the kept sample must not favour support or query.
        this.querySalt = policy.salt() + "/query";
        this.rankSalt = policy.salt() + "/rank";
    }

    public TaskPolicy policy() {
        return policy;
    }

    /** Whether this example goes to the query side (stable for an example id). */
    public boolean isQuery(String exampleId) {
        return StableHash.unit(querySalt, exampleId) < policy.queryFraction();
    }

    public Outcome add(TaskState state, ConversationExample example, OffsetRange source) {
        if (!example.personaId().equals(state.personaId())) {
            throw new IllegalArgumentException("example " + example.exampleId() + " of persona " + example.personaId()
                    + " cannot join the task of persona " + state.personaId() + "; key the stream by persona id");
        }
        for (TaskEntry e : state.entries()) {
            if (e.exampleId().equals(example.exampleId())) {
                return new Outcome(state, Change.DUPLICATE);
            }
        }
        TaskEntry entry = new TaskEntry(example, isQuery(example.exampleId()),
                StableHash.of(rankSalt, example.exampleId()), source);
        List<TaskEntry> entries = new ArrayList<>(state.entries());
        entries.add(entry);
        entries.sort(BY_RANK);
        if (entries.size() > policy.maxExamples()) {
            TaskEntry evicted = entries.remove(entries.size() - 1);
            if (evicted == entry) {
                return new Outcome(state, Change.OVER_CAPACITY);
            }
        }
        return new Outcome(new TaskState(state.personaId(), state.split(), state.nextRevision(), true, entries),
                Change.ADDED);
    }

    /** The next revision if the state changed since the last one and meets the minimums; else empty. */
    public Optional<Emission> emit(TaskState state) {
        if (!state.dirty() || state.supportCount() < policy.minSupport() || state.queryCount() < policy.minQuery()) {
            return Optional.empty();
        }
        TaskState next = new TaskState(state.personaId(), state.split(), state.nextRevision() + 1, false,
                state.entries());
        return Optional.of(new Emission(taskOf(state), next));
    }

    private static PersonaTask taskOf(TaskState s) {
        List<ConversationExample> support = new ArrayList<>();
        List<ConversationExample> query = new ArrayList<>();
        List<OffsetRange> sources = new ArrayList<>();
        for (TaskEntry e : s.entries()) {
            (e.query() ? query : support).add(e.example());
            sources.add(e.source());
        }
        return new PersonaTask(PersonaTask.taskIdFor(s.personaId(), s.split()), s.personaId(), s.split(),
                s.nextRevision(), support, query, OffsetRanges.merge(sources));
    }
}
