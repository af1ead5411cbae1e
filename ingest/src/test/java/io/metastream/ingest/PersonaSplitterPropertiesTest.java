package io.metastream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.domain.Split;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.StringLength;

class PersonaSplitterPropertiesTest {

    @Property
    void sameParametersAlwaysGiveTheSameSplit(@ForAll @StringLength(min = 1, max = 40) @AlphaChars String persona,
            @ForAll @DoubleRange(min = 0, max = 1) double fraction) {
        Split first = new PersonaSplitter(fraction, "salt").splitOf(persona);
        assertThat(new PersonaSplitter(fraction, "salt").splitOf(persona)).isEqualTo(first);
        assertThat(new PersonaSplitter(fraction, "salt").splitOf(persona)).isEqualTo(first);
    }

    @Property(tries = 20)
    void heldOutShareIsCloseToTheConfiguredFraction(@ForAll @DoubleRange(min = 0, max = 1) double fraction,
            @ForAll @StringLength(min = 1, max = 8) @AlphaChars String salt) {
        PersonaSplitter splitter = new PersonaSplitter(fraction, salt);
        int n = 20_000;
        int heldOut = 0;
        for (int i = 0; i < n; i++) {
            if (splitter.splitOf("persona-" + i) == Split.HELD_OUT) {
                heldOut++;
            }
        }
        // Binomial standard deviation is at most 0.0036 for n = 20,000; 0.02 is over 5 of them.
        assertThat((double) heldOut / n).isCloseTo(fraction, org.assertj.core.data.Offset.offset(0.02));
    }

    @Property
    void aLargerFractionOnlyMovesPersonasToHeldOut(
            @ForAll @StringLength(min = 1, max = 40) @AlphaChars String persona,
            @ForAll @DoubleRange(min = 0, max = 1) double a, @ForAll @DoubleRange(min = 0, max = 1) double b) {
        double low = Math.min(a, b);
        double high = Math.max(a, b);
        if (new PersonaSplitter(low, "s").splitOf(persona) == Split.HELD_OUT) {
            assertThat(new PersonaSplitter(high, "s").splitOf(persona)).isEqualTo(Split.HELD_OUT);
        }
    }

    @Example
    void extremeFractionsPutEveryoneOnOneSide() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(new PersonaSplitter(0, "s").splitOf("p" + i)).isEqualTo(Split.TRAIN);
            assertThat(new PersonaSplitter(1, "s").splitOf("p" + i)).isEqualTo(Split.HELD_OUT);
        }
    }

    @Example
    void theSaltChangesWhichPersonasAreHeldOut() {
        PersonaSplitter a = new PersonaSplitter(0.5, "a");
        PersonaSplitter b = new PersonaSplitter(0.5, "b");
        long differ = java.util.stream.IntStream.range(0, 1_000)
                .filter(i -> a.splitOf("p" + i) != b.splitOf("p" + i)).count();
        assertThat(differ).isBetween(350L, 650L);
    }

    @Example
    void refusesFractionsOutsideTheUnitIntervalAndMissingSalt() {
        assertThatThrownBy(() -> new PersonaSplitter(1.5, "s")).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> new PersonaSplitter(Double.NaN, "s")).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> new PersonaSplitter(0.2, "")).hasMessageContaining("salt");
    }
}
