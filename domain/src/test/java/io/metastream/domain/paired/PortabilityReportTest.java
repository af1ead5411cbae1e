package io.metastream.domain.paired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.domain.DomainValidationException;
import io.metastream.domain.Evaluation;
import io.metastream.domain.serde.JsonSerde;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PortabilityReportTest {

    static PortabilityReport report() {
        List<Boolean> prod = List.of(true, true, false, true);
        var summary = PortabilityVerdict.defaults().summarize(List.of(
                new PortabilityVerdict.Outcomes("a", prod, Optional.of(List.of(true, false, false, true))),
                new PortabilityVerdict.Outcomes("b", prod, Optional.of(prod)),
                new PortabilityVerdict.Outcomes("c", prod, Optional.empty())));
        return PortabilityReport.of("v1", summary, Map.of("c", "adapter c does not load: v1/c lacks x"));
    }

    @Test
    void carriesTheVerdictsFiguresAndTheReasonOfAnAdapterThatDidNotLoad() {
        PortabilityReport r = report();
        assertThat(r.portable()).isEqualTo(1);
        assertThat(r.reAdapt()).isEqualTo(2);
        assertThat(r.negativeFlips()).isEqualTo(1 + 3);
        assertThat(r.productionCorrect()).isEqualTo(9);
        assertThat(r.lostShare()).isEqualTo(4 / 9.0);
        assertThat(r.paired()).isNotNull();
        assertThat(r.personas()).extracting(PortabilityReport.Persona::verdict)
                .containsExactly("re-adapt", "portable", "re-adapt");
        assertThat(r.personas().get(2).reason()).contains("does not load");
        assertThat(r.personas().get(0).reason()).isNull();
    }

    @Test
    void anEvaluationWithKeptAdaptersAndPortabilityRoundTripsAndChangesItsDigest() {
        Evaluation plain = new Evaluation("v2", "a".repeat(64), "set", 0.5, 0.01, 0.6, 0.4, Map.of("p", 0.5), "v1",
                0.0, true, Instant.EPOCH, List.of(), List.of(), "passes");
        Evaluation e = plain.with(new KeptAdapters("b".repeat(64), 42, 3), report());
        var serde = JsonSerde.evaluation();
        assertThat(serde.fromBytes(serde.toBytes(e))).isEqualTo(e);
        assertThat(serde.fromBytes(serde.toBytes(plain))).isEqualTo(plain);
        assertThat(e.digest()).isNotEqualTo(plain.digest());
    }

    @Test
    void rejectsCountsThatDoNotAddUp() {
        PortabilityReport r = report();
        assertThatThrownBy(() -> new PortabilityReport("v1", 0.5, 0.5, null, 1, 12, 9, 3, 2, r.personas()))
                .isInstanceOf(DomainValidationException.class).hasMessageContaining("do not add up");
        assertThatThrownBy(() -> new PortabilityReport.Persona("a", "fine", 0.5, 0.5, 0, 1, null))
                .isInstanceOf(DomainValidationException.class);
    }
}
