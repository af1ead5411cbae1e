package io.metastream.domain.paired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.metastream.domain.DomainValidationException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class OutcomeBitsTest {

    @Property(tries = 200)
    void bitsRoundTrip(@ForAll @Size(min = 1, max = 300) List<Boolean> correct, @ForAll long seed) {
        List<Boolean> zero = new ArrayList<>();
        correct.forEach(b -> zero.add(!b));
        OutcomeBits o = OutcomeBits.of("t", seed, correct, zero);
        boolean[] c = o.correctBits();
        boolean[] z = o.zeroShotBits();
        for (int i = 0; i < correct.size(); i++) {
            assertThat(c[i]).isEqualTo(correct.get(i));
            assertThat(z[i]).isEqualTo(!correct.get(i));
        }
        assertThat(new OutcomeBits(o.task(), o.seed(), o.queries(), o.correct(), o.zeroShot())).isEqualTo(o);
    }

    @Test
    void rejectsBitsThatDoNotMatchTheQueryCount() {
        assertThat(catchThrowable(() -> new OutcomeBits("t", 1, 9, "AA==", "")))
                .isInstanceOf(DomainValidationException.class).hasMessageContaining("9 queries need 2");
        assertThat(catchThrowable(() -> new OutcomeBits("t", 1, 3, "/w==", "")))
                .isInstanceOf(DomainValidationException.class).hasMessageContaining("past its 3 queries");
        assertThat(catchThrowable(() -> new OutcomeBits("t", 1, 3, "not base64!", "")))
                .isInstanceOf(DomainValidationException.class).hasMessageContaining("base64");
    }

    @Test
    void anEvaluationWithOutcomesAndPairedFiguresRoundTripsThroughItsSerde() {
        OutcomeBits o = OutcomeBits.of("t1", 1, List.of(true, false, true), List.of(false, false, true));
        PairedComparison c = new PairedComparison(PairedComparison.BASE, "base",
                new PairedFigures(0.1, 0.02, 0.05, 0.15, 3, 9, 60, 4));
        io.metastream.domain.Evaluation e = new io.metastream.domain.Evaluation("v1", "a".repeat(64), "set", 0.5, 0.01,
                0.6, 0.4, java.util.Map.of("p", 0.5), null, null, true, java.time.Instant.EPOCH, List.of(o), List.of(c),
                "passes");
        var serde = io.metastream.domain.serde.JsonSerde.evaluation();
        assertThat(serde.fromBytes(serde.toBytes(e))).isEqualTo(e);
        assertThat(e.comparison("base")).contains(c);
    }

    /** The powered default set (32 personas), 3 seeds, ingest's cap of 256 examples per task as queries. */
    @Test
    void anEvaluationWithItsOutcomesStaysFarBelowTheMessageLimit() {
        assertThat(serialisedSize(32, 3, 256)).isLessThan(64 * 1024);
        assertThat(serialisedSize(1000, 3, 64)).isLessThan(1024 * 1024);
    }

    private static int serialisedSize(int personas, int seeds, int queries) {
        List<OutcomeBits> outcomes = new ArrayList<>();
        java.util.Map<String, Double> perPersona = new java.util.HashMap<>();
        java.util.Random r = new java.util.Random(1);
        for (int p = 0; p < personas; p++) {
            String task = "p-" + Long.toHexString(r.nextLong()) + "~held-out";
            perPersona.put(task, 0.5);
            for (int s = 0; s < seeds; s++) {
                List<Boolean> c = new ArrayList<>();
                List<Boolean> z = new ArrayList<>();
                for (int q = 0; q < queries; q++) {
                    c.add(r.nextBoolean());
                    z.add(r.nextBoolean());
                }
                outcomes.add(OutcomeBits.of(task, 42 + s, c, z));
            }
        }
        io.metastream.domain.Evaluation e = new io.metastream.domain.Evaluation("v1", "a".repeat(64), "set", 0.5, 0.01,
                0.6, 0.4, perPersona, null, null, true, java.time.Instant.EPOCH, outcomes, List.of(), "passes");
        return io.metastream.domain.serde.JsonSerde.evaluation().toBytes(e).length;
    }
}
