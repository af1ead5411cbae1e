package io.metastream.domain.paired;

import io.metastream.domain.Checks;
import io.metastream.domain.DomainValidationException;
import io.metastream.domain.RejectReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An evaluation's portability figures: production's kept per-persona adapters scored as they are on the
 * evaluated version, against production with those same adapters (same frozen queries, the adapters' seed), as
 * {@link PortabilityVerdict} judges them. Carried in the evaluation record for the status view, metrics and the
 * promotion policy's ported-loss knob.
 *
 * @param productionVersion the version whose adapters were ported
 * @param productionHits1   mean hits@1 of production with its own adapters, over personas
 * @param portedHits1       mean hits@1 of those adapters on the evaluated version
 * @param paired            paired Δ ported − production with personas as clusters; {@code null} with one persona
 * @param negativeFlips     queries production gets right and the ported adapters wrong
 * @param queries           queries compared
 * @param productionCorrect queries production gets right (what the ported adapters can lose)
 * @param portable          personas judged {@code portable}
 * @param reAdapt           personas judged {@code re-adapt}
 * @param personas          every persona's figures and verdict, with the reason when its adapter did not load
 */
public record PortabilityReport(String productionVersion, double productionHits1, double portedHits1,
        PairedFigures paired, long negativeFlips, long queries, long productionCorrect, int portable, int reAdapt,
        List<Persona> personas) {

    /** One persona: {@code verdict} is {@code portable} or {@code re-adapt}; {@code reason} is null when it loaded. */
    public record Persona(String task, String verdict, double productionHits1, double portedHits1,
            long negativeFlips, long productionCorrect, String reason) {
        public Persona {
            Checks.text(task, "task");
            if (!PortabilityVerdict.Verdict.PORTABLE.label().equals(verdict)
                    && !PortabilityVerdict.Verdict.RE_ADAPT.label().equals(verdict)) {
                throw new DomainValidationException(RejectReason.INVALID_VALUE, "verdict must be portable or "
                        + "re-adapt");
            }
            Checks.unitInterval(productionHits1, "productionHits1");
            Checks.unitInterval(portedHits1, "portedHits1");
            Checks.nonNegative(negativeFlips, "negativeFlips");
            Checks.nonNegative(productionCorrect, "productionCorrect");
            if (negativeFlips > productionCorrect) {
                throw new DomainValidationException(RejectReason.INCONSISTENT, "task " + task + " loses "
                        + negativeFlips + " of only " + productionCorrect + " correct answers");
            }
            if (reason != null) {
                Checks.text(reason, "reason");
            }
        }
    }

    public PortabilityReport {
        Checks.text(productionVersion, "productionVersion");
        Checks.unitInterval(productionHits1, "productionHits1");
        Checks.unitInterval(portedHits1, "portedHits1");
        Checks.nonNegative(negativeFlips, "negativeFlips");
        Checks.nonNegative(queries, "queries");
        Checks.nonNegative(productionCorrect, "productionCorrect");
        personas = Checks.elements(personas, "personas");
        if (personas.isEmpty() || portable < 0 || reAdapt < 0 || portable + reAdapt != personas.size()
                || negativeFlips > productionCorrect || productionCorrect > queries) {
            throw new DomainValidationException(RejectReason.INCONSISTENT, "portability counts do not add up: "
                    + portable + " portable + " + reAdapt + " re-adapt of " + personas.size() + " personas, "
                    + negativeFlips + " flips of " + productionCorrect + " correct of " + queries + " queries");
        }
    }

    /** The report of a verdict summary; {@code reasons} maps a task to why its adapter did not load. */
    public static PortabilityReport of(String productionVersion, PortabilityVerdict.Summary s,
            Map<String, String> reasons) {
        List<Persona> personas = new ArrayList<>();
        for (PortabilityVerdict.Persona p : s.personas()) {
            personas.add(new Persona(p.task(), p.verdict().label(), p.productionHits1(), p.portedHits1(),
                    p.negativeFlips(), p.productionCorrect(), p.loaded() ? null
                            : reasons.getOrDefault(p.task(), "the adapter did not load")));
        }
        return new PortabilityReport(productionVersion, s.productionHits1(), s.portedHits1(),
                s.paired().orElse(null), s.negativeFlips(), s.queries(), s.productionCorrect(), s.portable(),
                s.reAdapt(), personas);
    }

    /** Share of production's correct answers the ported adapters lose (0 when there were none). */
    public double lostShare() {
        return productionCorrect == 0 ? 0 : (double) negativeFlips / productionCorrect;
    }

    /** Ported − production hits@1 (the paired Δ when there is one, else the difference of the means). */
    public double delta() {
        return paired != null ? paired.delta() : portedHits1 - productionHits1;
    }
}
