package io.metastream.evaluator;

import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import java.util.HashMap;
import java.util.Map;

/** Latest revision of each held-out task seen so far, until the evaluation set is frozen (pure). */
public final class HeldOutCollector {
    private final Map<String, PersonaTask> latest = new HashMap<>();

    /** Keeps a held-out task if it is new or a newer revision; ignores TRAIN tasks. Returns whether kept. */
    public boolean offer(PersonaTask task) {
        if (task == null || task.split() != Split.HELD_OUT) {
            return false;
        }
        PersonaTask old = latest.get(task.taskId());
        if (old != null && old.revision() >= task.revision()) {
            return false;
        }
        latest.put(task.taskId(), task);
        return true;
    }

    public int personas() {
        return latest.size();
    }

    public EvaluationSet freeze(int personas) {
        return EvaluationSet.freeze(latest.values(), personas);
    }
}
