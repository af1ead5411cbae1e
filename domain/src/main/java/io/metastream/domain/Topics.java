package io.metastream.domain;

import java.util.List;

/**
 * The topic catalogue. Names carry a schema version suffix so a breaking format change gets new topics
 * instead of confusing old consumers; an optional prefix isolates environments and tests.
 */
public record Topics(String prefix) {
    public static final Topics DEFAULT = new Topics("metastream.");

    public Topics {
        prefix = prefix == null ? "" : prefix;
    }

    /** Raw persona conversations from producers (key: persona id, value: {@link ConversationExample}). */
    public String conversations() {
        return prefix + "conversations.v1";
    }

    /** Every refused record, original bytes, reason in headers. */
    public String rejected() {
        return prefix + "rejected.v1";
    }

    /** Compacted: latest {@link PersonaTask} per task id. */
    public String personaTasks() {
        return prefix + "persona-tasks.v1";
    }

    /**
     * Compacted: latest held-out {@link PersonaTask} per task id. A separate topic, so held-out personas never
     * reach the trainer's input; only the evaluator reads it.
     */
    public String heldOutTasks() {
        return prefix + "held-out-tasks.v1";
    }

    /** {@link Checkpoint} events from the trainer. */
    public String checkpoints() {
        return prefix + "checkpoints.v1";
    }

    /** {@link Evaluation} reports from the evaluator. */
    public String evaluations() {
        return prefix + "evaluations.v1";
    }

    /** Append-only {@link PromotionDecision} ledger (never compacted, infinite retention). */
    public String promotionLedger() {
        return prefix + "promotion-ledger.v1";
    }

    /** Compacted: key {@code production}, value the production version. */
    public String productionPointer() {
        return prefix + "production-pointer.v1";
    }

    /** Topics that must be log-compacted. */
    public List<String> compacted() {
        return List.of(personaTasks(), heldOutTasks(), productionPointer());
    }

    public List<String> all() {
        return List.of(conversations(), rejected(), personaTasks(), heldOutTasks(), checkpoints(), evaluations(), promotionLedger(),
                productionPointer());
    }
}
