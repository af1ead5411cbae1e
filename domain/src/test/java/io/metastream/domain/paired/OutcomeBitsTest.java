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
}
