package io.metastream.control;

import io.metastream.domain.Checkpoint;
import io.metastream.domain.Evaluation;
import io.metastream.domain.PromotionDecision;
import io.metastream.domain.PromotionDecision.Action;
import io.metastream.domain.PromotionDecision.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the control service knows, folded from checkpoint events, evaluation events and its own ledger.
 * Immutable: every {@code with...} returns a new state, so HTTP readers get a consistent snapshot while
 * the consumer thread folds new events. Event counts are small (one checkpoint per training round), so
 * copying on each event is cheaper to reason about than sharing mutable maps.
 *
 * <p>Production is derived from the ledger alone, as a stack of accepted decisions: a promotion pushes its
 * version, a rollback pops back to the version below. Rolling back twice after v1 → v2 → v3 therefore goes
 * to v2 then v1, never back to v3.
 */
public final class ControlState {
    public static final ControlState EMPTY = new ControlState(Map.of(), Map.of(), List.of(), List.of());

    private final Map<String, Checkpoint> checkpoints;
    private final Map<String, List<Evaluation>> evaluations;
    private final List<PromotionDecision> ledger;
    private final List<String> productionStack;

    private ControlState(Map<String, Checkpoint> checkpoints, Map<String, List<Evaluation>> evaluations,
            List<PromotionDecision> ledger, List<String> productionStack) {
        this.checkpoints = checkpoints;
        this.evaluations = evaluations;
        this.ledger = ledger;
        this.productionStack = productionStack;
    }

    /**
     * Adds a checkpoint. The first event for a version wins: a later event re-using the version (a replay
     * after a trainer crash) must not swap the artifact digest under an already evaluated version.
     */
    public ControlState withCheckpoint(Checkpoint checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (checkpoints.containsKey(checkpoint.version())) {
            return this;
        }
        Map<String, Checkpoint> next = new LinkedHashMap<>(checkpoints);
        next.put(checkpoint.version(), checkpoint);
        return new ControlState(Collections.unmodifiableMap(next), evaluations, ledger, productionStack);
    }

    /** Adds an evaluation; one for a version not (yet) seen is kept, the topics are read independently. */
    public ControlState withEvaluation(Evaluation evaluation) {
        Objects.requireNonNull(evaluation, "evaluation");
        List<Evaluation> existing = evaluations.getOrDefault(evaluation.version(), List.of());
        if (existing.contains(evaluation)) {
            return this; // a redelivered event
        }
        List<Evaluation> list = new ArrayList<>(existing);
        list.add(evaluation);
        Map<String, List<Evaluation>> next = new LinkedHashMap<>(evaluations);
        next.put(evaluation.version(), List.copyOf(list));
        return new ControlState(checkpoints, Collections.unmodifiableMap(next), ledger, productionStack);
    }

    /** Appends a ledger entry; accepted ones move production. */
    public ControlState withDecision(PromotionDecision decision) {
        Objects.requireNonNull(decision, "decision");
        List<PromotionDecision> nextLedger = new ArrayList<>(ledger);
        nextLedger.add(decision);
        List<String> stack = productionStack;
        if (decision.outcome() == Outcome.ACCEPTED) {
            stack = new ArrayList<>(productionStack);
            if (decision.action() == Action.ROLLBACK && !stack.isEmpty()) {
                stack.remove(stack.size() - 1);
            }
            // keeps the stack consistent with the ledger even if an entry disagrees with our arithmetic
            if (stack.isEmpty() || !stack.get(stack.size() - 1).equals(decision.version())) {
                stack.add(decision.version());
            }
            stack = List.copyOf(stack);
        }
        return new ControlState(checkpoints, evaluations, List.copyOf(nextLedger), stack);
    }

    public Optional<Checkpoint> checkpoint(String version) {
        return Optional.ofNullable(checkpoints.get(version));
    }

    /** Checkpoints in the order they were first seen. */
    public List<Checkpoint> checkpoints() {
        return List.copyOf(checkpoints.values());
    }

    /** Versions with at least one evaluation, in order of their first evaluation (may include ones with no checkpoint). */
    public List<String> evaluatedVersions() {
        return List.copyOf(evaluations.keySet());
    }

    /** Every evaluation of a version, in arrival order. */
    public List<Evaluation> evaluations(String version) {
        return evaluations.getOrDefault(version, List.of());
    }

    /** The most recent evaluation of a version (by {@code evaluatedAt}; on a tie, the later arrival). */
    public Optional<Evaluation> latestEvaluation(String version) {
        return latest(evaluations(version));
    }

    /** The most recent evaluation of a version on the given held-out set, so scores are comparable. */
    public Optional<Evaluation> latestEvaluation(String version, String evalSetVersion) {
        return latest(evaluations(version).stream().filter(e -> e.evalSetVersion().equals(evalSetVersion)).toList());
    }

    private static Optional<Evaluation> latest(List<Evaluation> list) {
        Evaluation best = null;
        for (Evaluation e : list) {
            if (best == null || !e.evaluatedAt().isBefore(best.evaluatedAt())) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    public Optional<String> production() {
        return productionStack.isEmpty() ? Optional.empty() : Optional.of(productionStack.get(productionStack.size() - 1));
    }

    /** The production before the current one: where a rollback goes. */
    public Optional<String> previousProduction() {
        int n = productionStack.size();
        return n < 2 ? Optional.empty() : Optional.of(productionStack.get(n - 2));
    }

    /** Production versions from the first promotion up to the current one, as rollbacks would unwind them. */
    public List<String> productionHistory() {
        return productionStack;
    }

    /** The whole ledger in append order. */
    public List<PromotionDecision> ledger() {
        return ledger;
    }

    /** The last {@code n} ledger entries, newest first. */
    public List<PromotionDecision> recentDecisions(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        List<PromotionDecision> out = new ArrayList<>(ledger.subList(Math.max(0, ledger.size() - n), ledger.size()));
        Collections.reverse(out);
        return List.copyOf(out);
    }

    /** Checkpoints sorted by creation time, then version: a stable order for display whatever the arrival order. */
    public List<Checkpoint> checkpointsByCreation() {
        return checkpoints.values().stream()
                .sorted(Comparator.comparing(Checkpoint::createdAt).thenComparing(Checkpoint::version)).toList();
    }
}
