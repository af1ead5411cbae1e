package io.metastream.control;

import io.metastream.domain.Algorithm;
import io.metastream.domain.Checkpoint;
import io.metastream.domain.Evaluation;
import io.metastream.domain.PromotionDecision;
import io.metastream.domain.paired.OutcomeBits;
import java.util.ArrayList;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Small builders of domain events for tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final String EVAL_SET = "heldout-1";

    private Fixtures() {
    }

    /** A valid sha256-looking digest derived from a label, so different labels give different digests. */
    static String sha(String label) {
        byte[] bytes = new byte[32];
        byte[] raw = label.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            bytes[i % 32] ^= raw[i];
        }
        bytes[31] ^= (byte) raw.length;
        return HexFormat.of().formatHex(bytes);
    }

    static Checkpoint checkpoint(String version) {
        return checkpoint(version, 0);
    }

    static Checkpoint checkpoint(String version, int minutes) {
        return new Checkpoint(version, null, Algorithm.LORA_ML, "file:///artifacts/" + version, sha(version),
                List.of("task-1"), List.of(), Map.of("lr", "5e-5"), 7L, 0.5, T0.plusSeconds(60L * minutes));
    }

    static Evaluation evaluation(String version, double hits1, boolean passed) {
        return evaluation(version, hits1, passed, 0, EVAL_SET);
    }

    /**
     * With per-query outcomes: 3 personas × 100 queries, the first {@code round(hits1 · 100)} right, so a better
     * version is right on a superset of a worse one's queries and the paired interval is the difference itself.
     */
    static Evaluation evaluation(String version, double hits1, boolean passed, int minutes, String evalSet) {
        return new Evaluation(version, sha(version), evalSet, hits1, 0.01, Math.min(1, hits1 + 0.1), 0.05,
                Map.of("p1", hits1), null, null, passed, T0.plusSeconds(60L * minutes + 30), outcomes(hits1),
                List.of(), null);
    }

    static List<OutcomeBits> outcomes(double hits1) {
        List<OutcomeBits> out = new ArrayList<>();
        for (int t = 1; t <= 3; t++) {
            List<Boolean> bits = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                bits.add(i < Math.round(hits1 * 100));
            }
            out.add(OutcomeBits.of("p" + t + "~held-out", 1, bits, List.of()));
        }
        return out;
    }

    /** An evaluation that measured some other artifact than the checkpoint of {@code version}. */
    static Evaluation evaluationOfOtherArtifact(String version, double hits1) {
        return new Evaluation(version, sha("tampered-" + version), EVAL_SET, hits1, 0.01, hits1, 0.05, Map.of(),
                null, null, true, T0.plusSeconds(30));
    }

    static PromotionDecision accepted(PromotionDecision.Action action, String version, String previous) {
        return new PromotionDecision("id-" + action + "-" + version, action, version, previous, "alice", "test", false,
                PromotionDecision.Outcome.ACCEPTED, null, null, sha(version), T0);
    }

    /** A state with checkpoints and passing evaluations for the given versions, with {@code production} promoted. */
    static ControlState withProduction(String production, double productionHits, String... others) {
        ControlState state = ControlState.EMPTY.withCheckpoint(checkpoint(production))
                .withEvaluation(evaluation(production, productionHits, true))
                .withDecision(accepted(PromotionDecision.Action.PROMOTE, production, null));
        for (String other : others) {
            state = state.withCheckpoint(checkpoint(other));
        }
        return state;
    }

    /** Production's adapters ported: personas a and b, 30 of 40 right each; a's ported adapter loses {@code lost}. */
    static io.metastream.domain.paired.PortabilityReport ported(String production, int lost) {
        List<Boolean> prod = new ArrayList<>();
        List<Boolean> lossy = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            prod.add(i < 30);
            lossy.add(i < 30 - lost);
        }
        var summary = io.metastream.domain.paired.PortabilityVerdict.defaults().summarize(List.of(
                new io.metastream.domain.paired.PortabilityVerdict.Outcomes("a", prod, java.util.Optional.of(lossy)),
                new io.metastream.domain.paired.PortabilityVerdict.Outcomes("b", prod, java.util.Optional.of(prod))));
        return io.metastream.domain.paired.PortabilityReport.of(production, summary, Map.of());
    }
}
