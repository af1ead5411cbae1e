package io.metastream.control;

import io.metastream.domain.PromotionDecision;
import io.metastream.domain.PromotionDecision.Action;
import io.metastream.domain.PromotionDecision.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The control service's meters. Tags are bounded (action, outcome, forced, topic kind) — never a version,
 * which grows without bound. Every tag combination is registered up front so dashboards show zeros.
 */
public final class ControlMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> decisions = new HashMap<>();
    private final Map<String, Counter> invalid = new HashMap<>();
    private final Map<Refusal, Counter> refusals = new EnumMap<>(Refusal.class);
    private final Map<String, Counter> requests = new HashMap<>();

    /** Bounded {@code outcome} tag values of {@code metastream.control.requests}, one per answer status. */
    static final Map<Integer, String> OUTCOMES = Map.ofEntries(Map.entry(200, "ok"), Map.entry(400, "bad_request"),
            Map.entry(401, "unauthorized"), Map.entry(403, "forbidden"), Map.entry(404, "not_found"),
            Map.entry(405, "method_not_allowed"), Map.entry(408, "timeout"), Map.entry(409, "conflict"),
            Map.entry(413, "too_large"), Map.entry(431, "too_large"), Map.entry(503, "unavailable"));
    static final String OTHER_OUTCOME = "error";

    public ControlMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Action action : Action.values()) {
            for (Outcome outcome : Outcome.values()) {
                for (boolean forced : new boolean[] {false, true}) {
                    if (forced && (outcome == Outcome.REFUSED || action == Action.ROLLBACK)) {
                        continue; // only an accepted promotion can be forced
                    }
                    decisions.put(key(action, outcome, forced), Counter.builder("metastream.control.decisions")
                            .description("Promotion and rollback decisions recorded in the ledger")
                            .tag("action", lower(action)).tag("outcome", lower(outcome))
                            .tag("forced", Boolean.toString(forced)).register(registry));
                }
            }
        }
        for (Refusal r : Refusal.values()) {
            refusals.put(r, Counter.builder("metastream.control.refusals")
                    .description("Refused promotions and rollbacks, by the gate's reason").tag("reason", lower(r))
                    .register(registry));
        }
        java.util.Set<String> outcomes = new java.util.TreeSet<>(OUTCOMES.values());
        outcomes.add(OTHER_OUTCOME);
        for (String outcome : outcomes) {
            requests.put(outcome, Counter.builder("metastream.control.requests").baseUnit("requests")
                    .description("Control API requests answered, by outcome (every request, decided or not)")
                    .tag("outcome", outcome).register(registry));
        }
        for (String kind : new String[] {"checkpoints", "evaluations"}) {
            invalid.put(kind, Counter.builder("metastream.control.invalid.records")
                    .description("Upstream records skipped because they are not valid events").tag("topic", kind)
                    .register(registry));
        }
    }

    /** The registry these meters live in; the Kafka clients of the service bind their own meters to it too. */
    public MeterRegistry registry() {
        return registry;
    }

    public static ControlMetrics noop() {
        return new ControlMetrics(new SimpleMeterRegistry());
    }

    /** Gauges read from the live state: known checkpoints, evaluations, decisions, and marker health. */
    public void bindState(Supplier<ControlState> state, BooleanSupplier markerInSync) {
        Gauge.builder("metastream.control.checkpoint.versions", () -> state.get().checkpoints().size())
                .description("Checkpoint versions known to the control service").register(registry);
        Gauge.builder("metastream.control.ledger.entries", () -> state.get().ledger().size())
                .description("Entries in the promotion ledger").register(registry);
        Gauge.builder("metastream.control.production.history.depth", () -> state.get().productionHistory().size())
                .description("Production versions in the history rollbacks can unwind")
                .register(registry);
        Gauge.builder("metastream.control.marker.in.sync", () -> markerInSync.getAsBoolean() ? 1 : 0)
                .description("1 when the PRODUCTION marker names the ledger's production version").register(registry);
    }

    public void decision(PromotionDecision d, Verdict verdict) {
        decisions.get(key(d.action(), d.outcome(), d.forced())).increment();
        if (verdict.refusalCode() != null) {
            refusals.get(verdict.refusalCode()).increment();
        }
    }

    /** Counts one answered control API request by its HTTP status. */
    public void request(int status) {
        requests.get(OUTCOMES.getOrDefault(status, OTHER_OUTCOME)).increment();
    }

    /** @param outcome a tag value such as {@code ok} or {@code too_large} */
    public double requestCount(String outcome) {
        Counter c = requests.get(outcome);
        return c == null ? 0 : c.count();
    }

    public double refusalCount(Refusal reason) {
        return refusals.get(reason).count();
    }

    /** @param kind {@code checkpoints} or {@code evaluations} */
    public void invalidRecord(String kind) {
        Counter c = invalid.get(kind);
        if (c != null) {
            c.increment();
        }
    }

    public double decisionCount(Action action, Outcome outcome, boolean forced) {
        return decisions.get(key(action, outcome, forced)).count();
    }

    private static String key(Action action, Outcome outcome, boolean forced) {
        return action + "/" + outcome + "/" + forced;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
