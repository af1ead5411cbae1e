package io.metastream.domain.paired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PairedStatisticsPropertyTest {

    /** task → seed → outcomes, each right with probability {@code p}. */
    static Map<String, Map<Long, boolean[]>> outcomes(int personas, int seeds, int queries, double p, long shape) {
        Random r = new Random(shape);
        Map<String, Map<Long, boolean[]>> out = new HashMap<>();
        for (int t = 0; t < personas; t++) {
            Map<Long, boolean[]> bySeed = new HashMap<>();
            for (long s = 0; s < seeds; s++) {
                boolean[] b = new boolean[queries + t % 3];
                for (int i = 0; i < b.length; i++) {
                    b[i] = r.nextDouble() < p;
                }
                bySeed.put(s, b);
            }
            out.put("t" + t, bySeed);
        }
        return out;
    }

    @Property(tries = 100)
    void identicalOutcomesDifferByNothing(@ForAll @IntRange(min = 2, max = 40) int personas,
            @ForAll @IntRange(min = 1, max = 3) int seeds, @ForAll @IntRange(min = 1, max = 30) int queries,
            @ForAll long shape) {
        var a = outcomes(personas, seeds, queries, 0.4, shape);
        PairedFigures f = PairedStatistics.compare(a, a).orElseThrow();
        assertThat(f.delta()).isZero();
        assertThat(f.se()).isZero();
        assertThat(f.ciLow()).isZero();
        assertThat(f.ciHigh()).isZero();
        assertThat(f.negativeFlips()).isZero();
        assertThat(f.positiveFlips()).isZero();
        assertThat(f.personas()).isEqualTo(personas);
    }

    @Property(tries = 100)
    void swappingTheVersionsNegatesTheDifferenceAndSwapsTheFlips(@ForAll @IntRange(min = 2, max = 40) int personas,
            @ForAll @IntRange(min = 1, max = 3) int seeds, @ForAll @IntRange(min = 1, max = 30) int queries,
            @ForAll long shape) {
        var a = outcomes(personas, seeds, queries, 0.4, shape);
        var b = outcomes(personas, seeds, queries, 0.5, shape + 1);
        PairedFigures ab = PairedStatistics.compare(a, b).orElseThrow();
        PairedFigures ba = PairedStatistics.compare(b, a).orElseThrow();
        assertThat(ba.delta()).isCloseTo(-ab.delta(), within(1e-12));
        assertThat(ba.se()).isCloseTo(ab.se(), within(1e-12));
        assertThat(ba.ciLow()).isCloseTo(-ab.ciHigh(), within(1e-12));
        assertThat(ba.negativeFlips()).isEqualTo(ab.positiveFlips());
        assertThat(ba.positiveFlips()).isEqualTo(ab.negativeFlips());
        assertThat(ab.queries()).isEqualTo(ba.queries());
    }

    @Property(tries = 50)
    // "enough personas": each persona gains 0.05-0.2, so with 3 personas (t = 4.3 on 2 degrees of freedom) an
    // interval can still reach below 0; from 10 personas (t <= 2.26) the half-width stays under the smallest mean gain
    void aCandidateBetterOnEveryPersonaHasAPositiveInterval(@ForAll @IntRange(min = 10, max = 40) int personas,
            @ForAll @IntRange(min = 1, max = 3) int seeds, @ForAll long shape) {
        var ref = outcomes(personas, seeds, 20, 0.4, shape);
        Random r = new Random(shape);
        Map<String, Map<Long, boolean[]>> cand = new HashMap<>();
        ref.forEach((task, bySeed) -> {
            Map<Long, boolean[]> c = new HashMap<>();
            // fix 2-4 wrong answers of every seed: strictly better on every persona
            bySeed.forEach((seed, bits) -> {
                boolean[] copy = bits.clone();
                int fixed = 0;
                int want = 2 + r.nextInt(3);
                for (int i = 0; i < copy.length && fixed < want; i++) {
                    if (!copy[i]) {
                        copy[i] = true;
                        fixed++;
                    }
                }
                c.put(seed, copy);
            });
            cand.put(task, c);
        });
        PairedFigures f = PairedStatistics.compare(ref, cand).orElseThrow();
        assertThat(f.ciLow()).isPositive();
        assertThat(f.negativeFlips()).isZero();
        assertThat(f.covers(0)).isFalse();
    }

    @Test
    void theStandardErrorShrinksWithMorePersonas() {
        double previous = Double.POSITIVE_INFINITY;
        for (int personas : new int[] {8, 32, 128, 512}) {
            var a = outcomes(personas, 2, 20, 0.45, 1);
            var b = outcomes(personas, 2, 20, 0.50, 2);
            double se = PairedStatistics.compare(a, b).orElseThrow().se();
            assertThat(se).isLessThan(previous);
            previous = se;
        }
    }

    @Property(tries = 50)
    void theIntervalIsTheDifferenceGivenOrTakenTTimesItsError(@ForAll @IntRange(min = 2, max = 60) int personas,
            @ForAll long shape) {
        PairedFigures f = PairedStatistics.compare(outcomes(personas, 2, 10, 0.4, shape),
                outcomes(personas, 2, 10, 0.6, shape + 7)).orElseThrow();
        double t = PairedStatistics.tQuantile975(personas - 1);
        assertThat(f.ciHigh() - f.delta()).isCloseTo(t * f.se(), within(1e-12));
        assertThat(f.delta() - f.ciLow()).isCloseTo(t * f.se(), within(1e-12));
    }

    @Test
    void tQuantilesMatchTheTables() {
        assertThat(PairedStatistics.tQuantile975(1)).isCloseTo(12.706, within(1e-3));
        assertThat(PairedStatistics.tQuantile975(11)).isCloseTo(2.2010, within(2e-4));
        assertThat(PairedStatistics.tQuantile975(20)).isCloseTo(2.0860, within(1e-4));
        assertThat(PairedStatistics.tQuantile975(63)).isCloseTo(1.9983, within(1e-4));
        assertThat(PairedStatistics.tQuantile975(100_000)).isCloseTo(1.95997, within(1e-4));
    }

    @Test
    void aSinglePersonaHasNoSpreadToEstimate() {
        assertThat(PairedStatistics.compare(outcomes(1, 2, 10, 0.4, 1), outcomes(1, 2, 10, 0.6, 2))).isEmpty();
    }

    @Test
    void refusesOutcomesOfDifferentSets() {
        assertThat(catchThrowable(() -> PairedStatistics.compare(outcomes(3, 2, 10, 0.4, 1),
                outcomes(4, 2, 10, 0.4, 1)))).hasMessageContaining("different personas");
        assertThat(catchThrowable(() -> PairedStatistics.compare(outcomes(3, 2, 10, 0.4, 1),
                outcomes(3, 1, 10, 0.4, 1)))).hasMessageContaining("different seeds");
        assertThat(catchThrowable(() -> PairedStatistics.compare(outcomes(3, 2, 10, 0.4, 1),
                outcomes(3, 2, 11, 0.4, 1)))).hasMessageContaining("not the same queries");
    }
}
