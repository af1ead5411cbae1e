package io.metastream.domain.paired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import io.metastream.domain.paired.PortabilityVerdict.Outcomes;
import io.metastream.domain.paired.PortabilityVerdict.Persona;
import io.metastream.domain.paired.PortabilityVerdict.Summary;
import io.metastream.domain.paired.PortabilityVerdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PortabilityVerdictTest {

    static List<Boolean> random(int n, double p, long seed) {
        Random r = new Random(seed);
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(r.nextDouble() < p);
        }
        return out;
    }

    static List<Boolean> not(List<Boolean> a) {
        return a.stream().map(b -> !b).toList();
    }

    static List<Boolean> bits(String s) {
        return s.chars().mapToObj(c -> c == '1').toList();
    }

    static Outcomes of(String task, String production, String ported) {
        return new Outcomes(task, bits(production), Optional.of(bits(ported)));
    }

    @Property(tries = 200)
    void identicalOutcomesArePortableUnderAnyThresholds(@ForAll @IntRange(min = 1, max = 60) int queries,
            @ForAll @DoubleRange(min = 0, max = 1) double p, @ForAll long seed,
            @ForAll @DoubleRange(min = 0, max = 1) double tolerance,
            @ForAll @DoubleRange(min = 0, max = 1) double maxLostShare) {
        List<Boolean> a = random(queries, p, seed);
        Persona v = new PortabilityVerdict(tolerance, maxLostShare).judge(new Outcomes("t", a, Optional.of(a)));
        assertThat(v.verdict()).isEqualTo(Verdict.PORTABLE);
        assertThat(v.negativeFlips()).isZero();
        assertThat(v.portedHits1()).isEqualTo(v.productionHits1());
    }

    @Property(tries = 200)
    void flippingEveryAnswerNeedsReAdaptationWheneverProductionGotOneRight(
            @ForAll @IntRange(min = 1, max = 60) int queries, @ForAll long seed,
            @ForAll @DoubleRange(min = 0, max = 0.99) double maxLostShare) {
        List<Boolean> a = new ArrayList<>(random(queries, 0.5, seed));
        a.set(0, true);
        Persona v = new PortabilityVerdict(1, maxLostShare).judge(new Outcomes("t", a, Optional.of(not(a))));
        assertThat(v.verdict()).isEqualTo(Verdict.RE_ADAPT);
        assertThat(v.negativeFlips()).isEqualTo(v.productionCorrect());
        assertThat(v.lostShare()).isEqualTo(1.0);
    }

    @Property(tries = 200)
    void gainingAnswersWithoutLosingAnyIsPortable(@ForAll @IntRange(min = 1, max = 60) int queries,
            @ForAll long seed) {
        List<Boolean> a = random(queries, 0.3, seed);
        List<Boolean> better = a.stream().map(b -> true).toList();
        Persona v = new PortabilityVerdict(0, 0).judge(new Outcomes("t", a, Optional.of(better)));
        assertThat(v.verdict()).isEqualTo(Verdict.PORTABLE);
        assertThat(v.positiveFlips()).isEqualTo(queries - v.productionCorrect());
    }

    @Property(tries = 200)
    void anAdapterThatDoesNotLoadIsNeverPortable(@ForAll @IntRange(min = 1, max = 60) int queries,
            @ForAll long seed, @ForAll @DoubleRange(min = 0, max = 1) double tolerance) {
        Persona v = new PortabilityVerdict(tolerance, 1).judge(
                new Outcomes("t", random(queries, 0.5, seed), Optional.empty()));
        assertThat(v.verdict()).isEqualTo(Verdict.RE_ADAPT);
        assertThat(v.loaded()).isFalse();
        assertThat(v.portedHits1()).isZero();
    }

    @Property(tries = 200)
    void looseningAThresholdNeverTurnsPortableIntoReAdapt(@ForAll @IntRange(min = 1, max = 40) int queries,
            @ForAll long seed, @ForAll @DoubleRange(min = 0, max = 0.5) double tolerance,
            @ForAll @DoubleRange(min = 0, max = 0.5) double share) {
        Outcomes o = new Outcomes("t", random(queries, 0.5, seed), Optional.of(random(queries, 0.5, seed + 1)));
        if (new PortabilityVerdict(tolerance, share).judge(o).verdict() == Verdict.PORTABLE) {
            assertThat(new PortabilityVerdict(tolerance + 0.5, share + 0.5).judge(o).verdict())
                    .isEqualTo(Verdict.PORTABLE);
        }
    }

    @Test
    void aKeptScoreWithTooMuchChurnNeedsReAdaptation() {
        // same hits@1 (2 of 4), but both of production's right answers flipped
        Persona v = PortabilityVerdict.defaults().judge(of("t", "1100", "0011"));
        assertThat(v.portedHits1()).isEqualTo(v.productionHits1());
        assertThat(v.negativeFlips()).isEqualTo(2);
        assertThat(v.verdict()).isEqualTo(Verdict.RE_ADAPT);
    }

    @Test
    void theToleranceAndTheLostShareAreInclusiveBounds() {
        // 10 queries, 5 right in production; ported loses 1 (20% of them) and gains none: hits@1 drops 0.1
        Outcomes o = of("t", "1111100000", "1111000000");
        assertThat(new PortabilityVerdict(0.1, 0.2).judge(o).verdict()).isEqualTo(Verdict.PORTABLE);
        assertThat(new PortabilityVerdict(0.09, 0.2).judge(o).verdict()).isEqualTo(Verdict.RE_ADAPT);
        assertThat(new PortabilityVerdict(0.1, 0.19).judge(o).verdict()).isEqualTo(Verdict.RE_ADAPT);
    }

    @Test
    void summarizesPerPersonaAndPairsWithPersonasAsClusters() {
        Summary s = PortabilityVerdict.defaults().summarize(List.of(
                of("a", "1111", "1111"),
                of("b", "1100", "0000"),
                new Outcomes("c", bits("1010"), Optional.empty())));
        assertThat(s.personas()).extracting(Persona::task).containsExactly("a", "b", "c");
        assertThat(s.portable()).isEqualTo(1);
        assertThat(s.reAdapt()).isEqualTo(2);
        assertThat(s.productionHits1()).isCloseTo((1 + 0.5 + 0.5) / 3, within(1e-12));
        assertThat(s.portedHits1()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(s.negativeFlips()).isEqualTo(4);
        assertThat(s.queries()).isEqualTo(12);
        assertThat(s.lostShare()).isCloseTo(4.0 / 8, within(1e-12));
        assertThat(s.negativeFlipRate()).isCloseTo(4.0 / 12, within(1e-12));
        PairedFigures f = s.paired().orElseThrow();
        assertThat(f.delta()).isCloseTo(s.portedHits1() - s.productionHits1(), within(1e-12));
        assertThat(f.personas()).isEqualTo(3);
        assertThat(f.negativeFlips()).isEqualTo(4);
    }

    @Test
    void onePersonaHasNoPairedInterval() {
        Summary s = PortabilityVerdict.defaults().summarize(List.of(of("a", "10", "10")));
        assertThat(s.paired()).isEmpty();
        assertThat(s.portable()).isEqualTo(1);
    }

    @Test
    void rejectsOutcomesOfDifferentQueriesAndRepeatedPersonas() {
        assertThat(catchThrowable(() -> of("a", "101", "10"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not the same queries");
        assertThat(catchThrowable(() -> PortabilityVerdict.defaults().summarize(List.of(of("a", "1", "1"),
                of("a", "0", "0"))))).hasMessageContaining("appears twice");
        assertThat(catchThrowable(() -> new PortabilityVerdict(1.5, 0.1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tolerance");
        assertThat(catchThrowable(() -> new Outcomes("a", List.of(), Optional.of(List.of()))))
                .hasMessageContaining("no query outcomes");
    }
}
