package io.metastream.research.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

class SummaryPropertyTest {

    @Property
    void shiftingScoresMovesTheMeanButNotTheStandardError(
            @ForAll @Size(min = 1, max = 50) List<@DoubleRange(min = 0, max = 1) Double> values,
            @ForAll @DoubleRange(min = -1, max = 1) double shift) {
        List<Double> shifted = new ArrayList<>();
        values.forEach(v -> shifted.add(v + shift));

        Summary a = Summary.of(values);
        Summary b = Summary.of(shifted);

        assertThat(b.mean()).isCloseTo(a.mean() + shift, within(1e-12));
        assertThat(b.se()).isCloseTo(a.se(), within(1e-12));
        assertThat(a.mean()).isBetween(0.0 - 1e-12, 1.0 + 1e-12);
    }
}
