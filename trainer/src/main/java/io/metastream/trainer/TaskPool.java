package io.metastream.trainer;

import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The trainer's bounded pool of TRAIN persona tasks, keyed by task id (pure, single-threaded).
 *
 * <p>Policy:
 * <ul>
 *   <li>A task is <em>new</em> from when a revision of it arrives until a round that trained on that revision
 *       completes; then it is <em>old</em> (a replay candidate). A newer revision replaces the stored one and
 *       makes the task new again; an equal or older revision is ignored (redelivery, out of order).</li>
 *   <li>A round takes <em>all</em> new tasks (in arrival order) plus up to {@code replay} old ones, drawn
 *       uniformly without replacement by a seeded {@link Random} from the old tasks sorted by id, so the same
 *       pool and seed give the same round.</li>
 *   <li>Capacity bounds the pool: beyond it the least-recently-updated <em>old</em> task is evicted. New tasks
 *       are never evicted (they have not been trained on yet), so the size is at most
 *       {@code max(capacity, newCount)}.</li>
 *   <li>HELD_OUT tasks are refused (defence in depth: ingest never routes them here).</li>
 * </ul>
 */
public final class TaskPool {
    /** What {@link #offer} did with a task. */
    public enum Offer { ADDED, REPLACED, IGNORED_STALE, REFUSED_HELD_OUT }

    /** A round's tasks: the new ones (all of them) and the replayed old ones. */
    public record RoundPlan(List<PersonaTask> fresh, List<PersonaTask> replayed) {
        public RoundPlan {
            fresh = List.copyOf(fresh);
            replayed = List.copyOf(replayed);
        }

        public List<PersonaTask> all() {
            List<PersonaTask> all = new ArrayList<>(fresh);
            all.addAll(replayed);
            return all;
        }

        public List<String> taskIds() {
            return all().stream().map(PersonaTask::taskId).toList();
        }
    }

    private static final class Entry {
        PersonaTask task;
        boolean fresh;
        long updatedAt;
    }

    private final int capacity;
    private final Map<String, Entry> entries = new HashMap<>();
    private long clock;

    public TaskPool(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("pool capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds or replaces a task as new (to be trained on in the next round). */
    public Offer offer(PersonaTask task) {
        return put(task, true);
    }

    /**
     * Adds or replaces a task as already trained on (old): used to rebuild the replay part of the pool after a
     * restart from the tasks consumed before the last checkpoint.
     */
    public Offer restore(PersonaTask task) {
        return put(task, false);
    }

    private Offer put(PersonaTask task, boolean fresh) {
        if (task.split() != Split.TRAIN) {
            return Offer.REFUSED_HELD_OUT;
        }
        Entry e = entries.get(task.taskId());
        if (e != null && task.revision() <= e.task.revision()) {
            return Offer.IGNORED_STALE;
        }
        Offer result = e == null ? Offer.ADDED : Offer.REPLACED;
        if (e == null) {
            e = new Entry();
            entries.put(task.taskId(), e);
        }
        e.task = task;
        e.fresh = fresh;
        e.updatedAt = ++clock;
        evictOverCapacity();
        return result;
    }

    private void evictOverCapacity() {
        if (entries.size() <= capacity) {
            return;
        }
        List<Map.Entry<String, Entry>> old = entries.entrySet().stream()
                .filter(x -> !x.getValue().fresh)
                .sorted(Comparator.comparingLong(x -> x.getValue().updatedAt))
                .toList();
        int excess = entries.size() - capacity;
        for (int i = 0; i < Math.min(excess, old.size()); i++) {
            entries.remove(old.get(i).getKey());
        }
    }

    /** The next round's tasks; empty {@code fresh} means there is nothing new to train on. */
    public RoundPlan plan(int replay, Random random) {
        if (replay < 0) {
            throw new IllegalArgumentException("replay count must be >= 0, was " + replay);
        }
        List<PersonaTask> fresh = entries.values().stream().filter(e -> e.fresh)
                .sorted(Comparator.comparingLong(e -> e.updatedAt)).map(e -> e.task).toList();
        List<PersonaTask> old = new ArrayList<>(entries.values().stream().filter(e -> !e.fresh).map(e -> e.task)
                .sorted(Comparator.comparing(PersonaTask::taskId)).toList());
        Collections.shuffle(old, random);
        return new RoundPlan(fresh, old.subList(0, Math.min(replay, old.size())));
    }

    /**
     * Marks a completed round's new tasks as old, unless a newer revision arrived meanwhile (which stays new).
     */
    public void completed(RoundPlan plan) {
        for (PersonaTask t : plan.fresh()) {
            Entry e = entries.get(t.taskId());
            if (e != null && e.task.revision() == t.revision()) {
                e.fresh = false;
            }
        }
        evictOverCapacity();
    }

    public int size() {
        return entries.size();
    }

    public int newCount() {
        return (int) entries.values().stream().filter(e -> e.fresh).count();
    }

    public int capacity() {
        return capacity;
    }

    public boolean contains(String taskId) {
        return entries.containsKey(taskId);
    }
}
