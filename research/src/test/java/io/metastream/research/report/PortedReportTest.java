package io.metastream.research.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.learning.api.QueryOutcomes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class PortedReportTest {

  /** Personas p0..p{n-1}, seeds 1 and 2, 6 queries each, from one random source. */
  static List<QueryOutcomes> outcomes(int personas, long seed) {
    Random r = new Random(seed);
    List<QueryOutcomes> out = new ArrayList<>();
    for (int p = 0; p < personas; p++) {
      for (long s = 1; s <= 2; s++) {
        List<Boolean> hits = new ArrayList<>();
        for (int q = 0; q < 6; q++) {
          hits.add(r.nextBoolean());
        }
        out.add(new QueryOutcomes("p" + p, s, hits, List.of()));
      }
    }
    return out;
  }

  static List<QueryOutcomes> map(List<QueryOutcomes> in, java.util.function.UnaryOperator<Boolean> f) {
    return in.stream().map(o -> new QueryOutcomes(o.task(), o.seed(),
        o.correct().stream().map(f).toList(), List.of())).toList();
  }

  @Test
  void adaptersThatAnswerAsBeforeArePortableAndLoseNothing() {
    List<QueryOutcomes> production = outcomes(5, 1);
    List<QueryOutcomes> readapted = outcomes(5, 2);

    PortedReport r = PortedReport.of("none", 8, production, Map.of("lora-ml", production),
        Map.of("lora-ml", readapted));

    PortedReport.Row row = r.rows().get(0);
    assertThat(row.portedHits1()).isEqualTo(row.productionHits1());
    assertThat(row.portedVsProduction().orElseThrow().delta()).isZero();
    assertThat(row.negativeFlips()).isZero();
    assertThat(row.lostShare()).isZero();
    assertThat(row.portable()).isEqualTo(10); // 5 personas x 2 seeds
    assertThat(row.reAdapt()).isZero();
    assertThat(row.readaptedVsPorted().orElseThrow().delta())
        .isCloseTo(row.readaptedHits1() - row.portedHits1(), Offset.offset(1e-12));
  }

  @Test
  void adaptersThatGetEverythingWrongLoseEveryCorrectAnswerAndAllNeedReadapting() {
    List<QueryOutcomes> production = outcomes(5, 3);
    List<QueryOutcomes> wrong = map(production, b -> false);

    PortedReport r = PortedReport.of("none", 8, production, Map.of("sr", wrong), Map.of("sr", production));

    PortedReport.Row row = r.rows().get(0);
    long correct = production.stream().flatMap(o -> o.correct().stream()).filter(b -> b).count();
    assertThat(row.productionCorrect()).isEqualTo(correct);
    assertThat(row.negativeFlips()).isEqualTo(correct);
    assertThat(row.lostShare()).isEqualTo(1.0);
    assertThat(row.portedHits1()).isZero();
    assertThat(row.reAdapt()).isEqualTo(10);
    assertThat(row.portedVsProduction().orElseThrow().ciHigh()).isNegative();
    assertThat(row.readaptedVsPorted().orElseThrow().delta()).isCloseTo(row.productionHits1(),
        Offset.offset(1e-12));
  }

  @Test
  void twoBasesCompareTheirPortedAdaptersPairedAndTheOrderOfSeedsDoesNotMatter() {
    List<QueryOutcomes> production = outcomes(6, 4);
    List<QueryOutcomes> keeps = production;
    List<QueryOutcomes> breaks = map(production, b -> false);
    List<QueryOutcomes> shuffled = new ArrayList<>(breaks);
    Collections.shuffle(shuffled, new Random(9));
    Map<String, List<QueryOutcomes>> ported = new java.util.LinkedHashMap<>();
    ported.put("lora-ml", keeps);
    ported.put("sr", shuffled);

    PortedReport r = PortedReport.of("none", 8, production, ported, Map.of("lora-ml", production,
        "sr", production));

    assertThat(r.comparisons()).hasSize(1);
    PairedReport.Comparison c = r.comparisons().get(0);
    assertThat(c.a()).isEqualTo("lora-ml");
    assertThat(c.figures().delta()).isCloseTo(r.rows().get(0).productionHits1(), Offset.offset(1e-12));
    assertThat(c.figures().negativeFlips()).isZero();
    assertThat(r.markdown()).contains("| lora-ml |").contains("| sr |")
        .contains("ported on lora-ml − ported on sr");
  }

  @Test
  void outcomesOfAnotherFrozenSetAreRefused() {
    List<QueryOutcomes> production = outcomes(4, 5);
    List<QueryOutcomes> other = outcomes(3, 5);
    assertThatThrownBy(() -> PortedReport.of("none", 8, production, Map.of("sr", other),
        Map.of("sr", production))).isInstanceOf(IllegalArgumentException.class);
  }
}
