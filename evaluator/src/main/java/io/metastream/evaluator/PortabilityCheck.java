package io.metastream.evaluator;

import io.metastream.domain.Evaluation;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.paired.OutcomeBits;
import io.metastream.domain.paired.PortabilityReport;
import io.metastream.domain.paired.PortabilityVerdict;
import io.metastream.learning.adapt.Portability;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Production's kept adapters scored as they are on a candidate, against production with those same adapters: its
 * own stored outcomes under the adapters' seed on the same frozen set. A persona whose adapter is missing, fails
 * verification or does not load is {@code re-adapt} with the reason; it never stops the evaluation.
 */
final class PortabilityCheck {
    /** Scores adapters on a candidate base, forward only ({@link Portability#score} in production). */
    @FunctionalInterface
    interface Porter {
        List<Portability.Outcome> score(Path candidateBase, List<Portability.Ported> adapters,
                Map<String, String> options) throws IOException;
    }

    private final AdapterShelf shelf;
    private final Porter porter;
    private final PortabilityVerdict rule;

    PortabilityCheck(AdapterShelf shelf, Porter porter, PortabilityVerdict rule) {
        this.shelf = shelf;
        this.porter = porter;
        this.rule = rule;
    }

    /**
     * Empty when there is nothing to port: no production evaluation on this set, no kept adapters, no persona of
     * the set with production outcomes under the adapters' seed.
     */
    Optional<PortabilityReport> port(Optional<Evaluation> production, Path candidate, EvaluationSet set,
            Map<String, String> options) throws IOException {
        if (production.isEmpty() || production.get().adapters() == null
                || !production.get().evalSetVersion().equals(set.evalSetVersion())) {
            return Optional.empty();
        }
        Evaluation p = production.get();
        long seed = p.adapters().seed();
        Map<String, boolean[]> reference = new LinkedHashMap<>();
        for (OutcomeBits o : p.outcomes()) {
            if (o.seed() == seed) {
                reference.put(o.task(), o.correctBits());
            }
        }
        List<PersonaTask> tasks = set.tasks().stream().filter(t -> reference.containsKey(t.taskId())).toList();
        if (tasks.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> reasons = new LinkedHashMap<>();
        Map<String, Path> dirs = shelf.adapters(p.version(), p.adapters().sha256(), tasks, reasons);
        List<Portability.Ported> ported = new ArrayList<>();
        for (PersonaTask t : tasks) {
            if (dirs.containsKey(t.taskId())) {
                ported.add(new Portability.Ported(t, dirs.get(t.taskId())));
            }
        }
        Map<String, List<Boolean>> hits = new LinkedHashMap<>();
        if (!ported.isEmpty()) {
            for (Portability.Outcome o : porter.score(candidate, ported, options)) {
                if (o.loaded()) {
                    hits.put(o.taskId(), o.hits());
                } else {
                    reasons.put(o.taskId(), o.failure().orElseThrow());
                }
            }
        }
        List<PortabilityVerdict.Outcomes> outcomes = new ArrayList<>();
        for (PersonaTask t : tasks) {
            List<Boolean> prod = list(reference.get(t.taskId()));
            Optional<List<Boolean>> q = Optional.ofNullable(hits.get(t.taskId()));
            if (q.isPresent() && q.get().size() != prod.size()) {
                reasons.put(t.taskId(), "ported adapter answered " + q.get().size() + " queries, production "
                        + prod.size() + ": not the same queries");
                q = Optional.empty();
            }
            if (q.isEmpty()) {
                reasons.putIfAbsent(t.taskId(), "adapter of " + p.version() + " was not scored");
            }
            outcomes.add(new PortabilityVerdict.Outcomes(t.taskId(), prod, q));
        }
        return Optional.of(PortabilityReport.of(p.version(), rule.summarize(outcomes), reasons));
    }

    private static List<Boolean> list(boolean[] bits) {
        List<Boolean> out = new ArrayList<>(bits.length);
        for (boolean b : bits) {
            out.add(b);
        }
        return out;
    }
}
