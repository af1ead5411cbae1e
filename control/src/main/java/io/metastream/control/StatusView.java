package io.metastream.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.metastream.domain.Algorithm;
import io.metastream.domain.Checkpoint;
import io.metastream.domain.Evaluation;
import io.metastream.domain.PromotionDecision;
import io.metastream.domain.paired.PairedComparison;
import io.metastream.domain.paired.PairedFigures;
import io.metastream.domain.paired.PortabilityReport;
import io.metastream.domain.paired.PromotionPolicy;
import io.metastream.domain.serde.Json;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code GET /v1/status} returns and {@code metastream status} prints: the checkpoints with their latest
 * evaluation and its difference to production, the production version, and the last ledger entries.
 *
 * @param production         current production version, or {@code null}
 * @param previousProduction where a rollback would go, or {@code null}
 * @param margin             the promotion policy's margin (the paired interval's lower end must exceed it)
 * @param maxNegativeFlipRate the promotion policy's largest tolerated negative-flip rate
 * @param versions           one row per checkpoint, oldest first
 * @param references         evaluated versions with no checkpoint, such as the evaluator's reference
 *                           evaluation of the pretrained base ({@code base}); they cannot be promoted
 * @param recentDecisions    the last ledger entries, newest first
 * @param maxPortedLossShare the policy's largest tolerated share of production's correct answers its ported
 *                           adapters may lose, {@code null} when that check is off
 */
public record StatusView(String production, String previousProduction, double margin, double maxNegativeFlipRate,
        List<VersionRow> versions,
        List<VersionRow> references, List<PromotionDecision> recentDecisions, Double maxPortedLossShare) {

    /** A status without the ported-adapter check. */
    public StatusView(String production, String previousProduction, double margin, double maxNegativeFlipRate,
            List<VersionRow> versions, List<VersionRow> references, List<PromotionDecision> recentDecisions) {
        this(production, previousProduction, margin, maxNegativeFlipRate, versions, references, recentDecisions,
                null);
    }

    public StatusView {
        versions = versions == null ? List.of() : List.copyOf(versions);
        references = references == null ? List.of() : List.copyOf(references);
        recentDecisions = recentDecisions == null ? List.of() : List.copyOf(recentDecisions);
    }

    /**
     * One checkpoint. Evaluation fields are {@code null} until it has been evaluated; the delta is {@code null}
     * when there is no production evaluation on the same held-out set to compare with. For a reference row
     * (no checkpoint) the checkpoint fields are {@code null} and {@code sha256} is the evaluated artifact's.
     * {@code paired} is the paired comparison with the reference of this moment (production, or {@code base}
     * before the first promotion) from the stored per-query outcomes, {@code null} when not comparable;
     * {@code passed} is what the promotion policy says about it now; {@code adaptationGain} is hits@1 after minus
     * before adaptation, paired on the same queries ({@code null} when not measured); {@code portability} is
     * production's kept per-persona adapters scored as they are on this version, when its evaluation ported them.
     */
    public record VersionRow(String version, String parentVersion, Algorithm algorithm, String sha256,
            Instant createdAt, String evalSetVersion, Double hits1Mean, Double hits1Se, Double zeroShotHits1,
            PairedFigures adaptationGain, Double deltaToProduction, PairedComparison paired, Boolean passed,
            boolean production, PortabilityReport portability) {

        /** A row without portability figures. */
        public VersionRow(String version, String parentVersion, Algorithm algorithm, String sha256,
                Instant createdAt, String evalSetVersion, Double hits1Mean, Double hits1Se, Double zeroShotHits1,
                PairedFigures adaptationGain, Double deltaToProduction, PairedComparison paired, Boolean passed,
                boolean production) {
            this(version, parentVersion, algorithm, sha256, createdAt, evalSetVersion, hits1Mean, hits1Se,
                    zeroShotHits1, adaptationGain, deltaToProduction, paired, passed, production, null);
        }
    }

    public static StatusView of(ControlState state, PromotionPolicy policy, int recentDecisions) {
        String production = state.production().orElse(null);
        List<VersionRow> rows = new ArrayList<>();
        for (Checkpoint c : state.checkpointsByCreation()) {
            Optional<Evaluation> e = state.latestEvaluation(c.version());
            PairedComparison paired = e.flatMap(ev -> PromotionGate.pairedAgainstReference(state, ev)).orElse(null);
            rows.add(new VersionRow(c.version(), c.parentVersion(), c.algorithm(), c.sha256(), c.createdAt(),
                    e.map(Evaluation::evalSetVersion).orElse(null), e.map(Evaluation::hits1Mean).orElse(null),
                    e.map(Evaluation::hits1Se).orElse(null), e.map(Evaluation::zeroShotHits1).orElse(null),
                    e.flatMap(StatusView::gain).orElse(null), delta(state, e, production), paired,
                    e.map(ev -> c.version().equals(production) ? ev.passed() : passes(state, policy, ev)).orElse(null),
                    c.version().equals(production), e.map(Evaluation::portability).orElse(null)));
        }
        List<VersionRow> references = new ArrayList<>();
        for (String version : state.evaluatedVersions()) {
            if (state.checkpoint(version).isEmpty()) {
                Optional<Evaluation> e = state.latestEvaluation(version);
                Evaluation ev = e.orElseThrow();
                references.add(new VersionRow(version, null, null, ev.artifactSha256(), null, ev.evalSetVersion(),
                        ev.hits1Mean(), ev.hits1Se(), ev.zeroShotHits1(), gain(ev).orElse(null),
                        delta(state, e, production),
                        PromotionGate.pairedAgainstReference(state, ev).orElse(null), ev.passed(), false));
            }
        }
        return new StatusView(production, state.previousProduction().orElse(null), policy.margin(),
                policy.maxNegativeFlipRate(), rows, references, state.recentDecisions(recentDecisions),
                policy.checksPortedAdapters() ? policy.maxPortedLossShare() : null);
    }

    /** The policy's verdict against the reference of this moment (what a promotion request would get). */
    private static boolean passes(ControlState state, PromotionPolicy policy, Evaluation e) {
        return new PromotionGate(policy).promote(state, new PromotionRequest(e.version(), "status", false),
                ArtifactCheck.NONE).accepted();
    }

    private static Double delta(ControlState state, Optional<Evaluation> e, String production) {
        return e.flatMap(ev -> production == null ? Optional.<Evaluation>empty()
                        : state.latestEvaluation(production, ev.evalSetVersion()))
                .map(p -> e.get().hits1Mean() - p.hits1Mean()).orElse(null);
    }

    public String toJson() {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the status as JSON", e);
        }
    }

    public static StatusView fromJson(String json) {
        try {
            return Json.mapper().readValue(json, StatusView.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a control status document: " + e.getOriginalMessage(), e);
        }
    }

    /** A plain-text rendering for terminals. */
    public String toTable() {
        StringBuilder out = new StringBuilder();
        out.append("Production: ").append(production == null ? "(none)" : production);
        if (previousProduction != null) {
            out.append("   (rollback goes to ").append(previousProduction).append(')');
        }
        out.append("   promotion: 95% interval's lower end > ").append(fmt(margin)).append(", negative flips <= ")
                .append(fmt(maxNegativeFlipRate)).append(maxPortedLossShare == null ? ""
                        : ", ported adapters lose <= " + fmt(maxPortedLossShare) + " of production's correct answers")
                .append('\n').append('\n');
        if (versions.isEmpty()) {
            out.append("No checkpoints yet.\n");
        } else {
            out.append(String.format(Locale.ROOT, ROW, "", "VERSION", "ALGORITHM", "HITS@1", "ZERO-SHOT GAIN",
                    "PAIRED Δ [95% CI] VS REFERENCE", "FLIPS -/+", "PASSED", "CREATED"));
            versions.forEach(r -> row(out, r));
        }
        if (!references.isEmpty()) {
            out.append("Reference evaluations (no checkpoint, not promotable):\n");
            references.forEach(r -> row(out, r));
        }
        out.append('\n');
        if (recentDecisions.isEmpty()) {
            out.append("No promotion decisions yet.\n");
        } else {
            out.append("Last decisions (newest first):\n");
            for (PromotionDecision d : recentDecisions) {
                out.append("  ").append(d.decidedAt()).append("  ").append(d.action()).append(' ').append(d.version())
                        .append("  ").append(d.outcome()).append(d.forced() ? " (forced)" : "").append("  by ")
                        .append(d.actor()).append(": ").append(d.reason());
                if (d.refusal() != null) {
                    out.append("  — refused: ").append(d.refusal());
                } else if (d.paired() != null) {
                    out.append("  — ").append(d.paired().describe());
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static Optional<PairedFigures> gain(Evaluation e) {
        return e.comparison(PairedComparison.ZERO_SHOT).map(PairedComparison::figures);
    }

    private static final String ROW = "%-2s%-14s%-14s%-20s%-19s%-44s%-14s%-7s%s%n";

    private static void row(StringBuilder out, VersionRow r) {
        String hits = r.hits1Mean() == null ? "-" : fmt(r.hits1Mean()) + " ± " + fmt(r.hits1Se());
        String zero = r.zeroShotHits1() == null ? "-" : fmt(r.zeroShotHits1())
                + (r.adaptationGain() == null ? "" : " " + signed(r.adaptationGain().delta()));
        String paired = "-";
        String flips = "-";
        if (r.paired() != null) {
            PairedFigures f = r.paired().figures();
            paired = signed(f.delta()) + " [" + signed(f.ciLow()) + ", " + signed(f.ciHigh()) + "] "
                    + r.paired().referenceVersion() + (f.covers(0) ? " (0 inside)" : "");
            flips = f.negativeFlips() + "/" + f.positiveFlips();
        }
        String passed = r.passed() == null ? "-" : r.passed() ? "yes" : "no";
        out.append(String.format(Locale.ROOT, ROW, r.production() ? "*" : "", r.version(),
                r.algorithm() == null ? "-" : r.algorithm(), hits, zero, paired, flips, passed,
                r.createdAt() == null ? "-" : r.createdAt()));
        if (r.portability() != null) {
            out.append("    ").append(ported(r.portability())).append('\n');
        }
    }

    /**
     * One line on production's adapters ported as they are, e.g. {@code production v1's adapters ported as they are:
     * hits@1 0.4100 (with v1 0.4500), Δ -0.0400 [-0.0700, -0.0100], lost 12 of 80 correct answers (0.1500); 3
     * portable, 5 re-adapt: p2~held-out, p5~held-out, …}.
     */
    public static String ported(PortabilityReport p) {
        StringBuilder out = new StringBuilder("production ").append(p.productionVersion())
                .append("'s adapters ported as they are: hits@1 ").append(fmt(p.portedHits1())).append(" (with ")
                .append(p.productionVersion()).append(' ').append(fmt(p.productionHits1())).append("), Δ ")
                .append(signed(p.delta()));
        if (p.paired() != null) {
            out.append(" [").append(signed(p.paired().ciLow())).append(", ").append(signed(p.paired().ciHigh()))
                    .append(']');
        }
        out.append(", lost ").append(p.negativeFlips()).append(" of ").append(p.productionCorrect())
                .append(" correct answers (").append(fmt(p.lostShare())).append("); ").append(p.portable())
                .append(" portable, ").append(p.reAdapt()).append(" re-adapt");
        List<String> reAdapt = p.personas().stream().filter(x -> !x.verdict().equals("portable"))
                .map(PortabilityReport.Persona::task).toList();
        if (!reAdapt.isEmpty()) {
            out.append(": ").append(String.join(", ", reAdapt.subList(0, Math.min(5, reAdapt.size()))))
                    .append(reAdapt.size() > 5 ? ", …" : "");
        }
        return out.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String signed(double v) {
        return String.format(Locale.ROOT, "%+.4f", v);
    }
}
