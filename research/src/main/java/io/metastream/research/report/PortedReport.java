package io.metastream.research.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metastream.domain.paired.OutcomeBits;
import io.metastream.domain.paired.PairedFigures;
import io.metastream.domain.paired.PairedStatistics;
import io.metastream.domain.paired.PortabilityVerdict;
import io.metastream.learning.api.QueryOutcomes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The portability side of an experiment, at one rank: what happens to the users' adapters when a
 * retrained base replaces production. Production is the pretrained base with the few-shot adapters
 * the protocol trained on it (method {@code none}, one adapter per evaluation persona and seed).
 * Per retrained base: those adapters <em>ported</em> as they are (scored on the new base, no
 * training) against production (what a user who does not re-adapt sees), and the base's own fresh
 * few-shot adapters (<em>re-adapted</em>, the protocol {@code metastream readapt} runs) against the
 * ported ones (what re-adaptation buys). Between retrained bases: ported against ported (which base
 * keeps old adapters more usable). All paired on the same queries and seeds, persona-clustered, with
 * {@link PairedStatistics}; per persona and seed the {@link PortabilityVerdict#defaults() default
 * verdict} (portable / re-adapt).
 *
 * @param production  the method whose adapters were ported ({@code none})
 * @param rank        the few-shot rank
 * @param rows        one per retrained base, in run order
 * @param comparisons ported − ported between retrained bases ({@code a} and {@code b} are methods)
 */
public record PortedReport(String production, int rank, List<Row> rows,
    List<PairedReport.Comparison> comparisons) {

  /**
   * One retrained base.
   *
   * @param method             the retraining method
   * @param productionHits1    production with its own adapters (the same for every row)
   * @param portedHits1        production's adapters on this base
   * @param readaptedHits1     this base's fresh adapters
   * @param portedVsProduction ported − production, paired (empty with fewer than 2 personas)
   * @param readaptedVsPorted  re-adapted − ported, paired
   * @param negativeFlips      queries production gets right and the ported adapters wrong
   * @param productionCorrect  queries production gets right
   * @param portable           (persona, seed) pairs judged portable
   * @param reAdapt            (persona, seed) pairs judged re-adapt
   */
  public record Row(String method, double productionHits1, double portedHits1,
      double readaptedHits1, Optional<PairedFigures> portedVsProduction,
      Optional<PairedFigures> readaptedVsPorted, long negativeFlips, long productionCorrect,
      int portable, int reAdapt) {

    /** Share of production's correct answers the ported adapters lose. */
    public double lostShare() {
      return productionCorrect == 0 ? 0 : (double) negativeFlips / productionCorrect;
    }
  }

  public PortedReport {
    rows = List.copyOf(rows);
    comparisons = List.copyOf(comparisons);
  }

  /**
   * Builds the report.
   *
   * @param production the production method's outcomes (its own adapters on its own base)
   * @param ported     per retrained method, production's adapters scored on that method's base
   * @param readapted  per retrained method, its own fresh adapters' outcomes
   * @throws IllegalArgumentException when the outcomes are not of the same personas, seeds, queries
   */
  public static PortedReport of(String productionMethod, int rank, List<QueryOutcomes> production,
      Map<String, List<QueryOutcomes>> ported, Map<String, List<QueryOutcomes>> readapted) {
    List<OutcomeBits> prod = bits(production);
    PortabilityVerdict rule = PortabilityVerdict.defaults();
    List<Row> rows = new ArrayList<>();
    Map<String, List<OutcomeBits>> portedBits = new LinkedHashMap<>();
    for (var e : ported.entrySet()) {
      String m = e.getKey();
      List<OutcomeBits> p = bits(e.getValue());
      List<QueryOutcomes> own = readapted.get(m);
      if (own == null) {
        throw new IllegalArgumentException("no re-adapted outcomes of " + m);
      }
      List<OutcomeBits> r = bits(own);
      portedBits.put(m, p);
      long flips = 0;
      long correct = 0;
      int portable = 0;
      int reAdapt = 0;
      for (var perSeed : bySeed(production, e.getValue()).entrySet()) {
        PortabilityVerdict.Summary s = rule.summarize(perSeed.getValue());
        flips += s.negativeFlips();
        correct += s.productionCorrect();
        portable += s.portable();
        reAdapt += s.reAdapt();
      }
      rows.add(new Row(m, hitsMean(prod), hitsMean(p), hitsMean(r),
          PairedStatistics.compare(prod, p), PairedStatistics.compare(p, r), flips, correct,
          portable, reAdapt));
    }
    List<PairedReport.Comparison> comparisons = new ArrayList<>();
    List<String> methods = List.copyOf(portedBits.keySet());
    for (int i = 0; i < methods.size(); i++) {
      for (int j = i + 1; j < methods.size(); j++) {
        String a = methods.get(i);
        String b = methods.get(j);
        PairedStatistics.compare(portedBits.get(b), portedBits.get(a))
            .ifPresent(f -> comparisons.add(new PairedReport.Comparison(a, b, f)));
      }
    }
    return new PortedReport(productionMethod, rank, rows, comparisons);
  }

  /** Per seed, production's and the ported adapters' outcomes of each persona, as the verdict's input. */
  private static Map<Long, List<PortabilityVerdict.Outcomes>> bySeed(List<QueryOutcomes> production,
      List<QueryOutcomes> ported) {
    Map<String, QueryOutcomes> portedByKey = new LinkedHashMap<>();
    ported.forEach(o -> portedByKey.put(o.task() + "\u0000" + o.seed(), o));
    Map<Long, List<PortabilityVerdict.Outcomes>> out = new TreeMap<>();
    for (QueryOutcomes p : production) {
      QueryOutcomes q = portedByKey.get(p.task() + "\u0000" + p.seed());
      if (q == null) {
        throw new IllegalArgumentException("no ported outcomes of " + p.task() + " seed " + p.seed());
      }
      out.computeIfAbsent(p.seed(), k -> new ArrayList<>()).add(new PortabilityVerdict.Outcomes(
          p.task(), p.correct(), Optional.of(q.correct())));
    }
    return out;
  }

  private static List<OutcomeBits> bits(List<QueryOutcomes> outcomes) {
    return outcomes.stream().map(o -> OutcomeBits.of(o.task(), o.seed(), o.correct(), List.of()))
        .toList();
  }

  private static double hitsMean(List<OutcomeBits> outcomes) {
    return PairedReport.personaMean(outcomes, OutcomeBits::correctBits);
  }

  /** The JSON object {@code portability} of report.json. */
  void fill(ObjectNode node) {
    node.put("production", production).put("rank", rank);
    ObjectNode methods = node.putObject("methods");
    for (Row r : rows) {
      ObjectNode m = methods.putObject(r.method());
      m.put("production_hits1", r.productionHits1()).put("ported_hits1", r.portedHits1())
          .put("readapted_hits1", r.readaptedHits1()).put("negative_flips", r.negativeFlips())
          .put("production_correct", r.productionCorrect()).put("lost_share", r.lostShare())
          .put("portable", r.portable()).put("re_adapt", r.reAdapt());
      r.portedVsProduction()
          .ifPresent(f -> PairedReport.figures(m.putObject("ported_minus_production"), f));
      r.readaptedVsPorted()
          .ifPresent(f -> PairedReport.figures(m.putObject("readapted_minus_ported"), f));
    }
    ArrayNode comparisons = node.putArray("ported_comparisons");
    for (PairedReport.Comparison c : comparisons()) {
      PairedReport.figures(comparisons.addObject().put("a", c.a()).put("b", c.b()), c.figures());
    }
  }

  /** Markdown: per retrained base, production / ported / re-adapted with the paired deltas. */
  public String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("| base (rank ").append(rank).append(") | production hits@1 (%) | ported (%) | "
        + "re-adapted (%) | ported − production (pp) | re-adapted − ported (pp) | lost share | "
        + "portable / re-adapt |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      md.append("| ").append(r.method()).append(" | ").append(pct(r.productionHits1()))
          .append(" | ").append(pct(r.portedHits1())).append(" | ").append(pct(r.readaptedHits1()))
          .append(" | ").append(r.portedVsProduction().map(PortedReport::shown).orElse("n/a"))
          .append(" | ").append(r.readaptedVsPorted().map(PortedReport::shown).orElse("n/a"))
          .append(" | ").append(String.format(Locale.ROOT, "%.1f%% (%d of %d)",
              100 * r.lostShare(), r.negativeFlips(), r.productionCorrect()))
          .append(" | ").append(r.portable()).append(" / ").append(r.reAdapt()).append(" |\n");
    }
    for (PairedReport.Comparison c : comparisons) {
      md.append("\nported on ").append(c.a()).append(" − ported on ").append(c.b()).append(": ")
          .append(shown(c.figures())).append(String.format(Locale.ROOT,
              ", %d negative / %d positive flips of %d queries%n", c.figures().negativeFlips(),
              c.figures().positiveFlips(), c.figures().queries()));
    }
    return md.toString();
  }

  private static String shown(PairedFigures f) {
    return String.format(Locale.ROOT, "%+.1f ± %.1f [%+.1f, %+.1f]", 100 * f.delta(), 100 * f.se(),
        100 * f.ciLow(), 100 * f.ciHigh());
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", 100 * v);
  }
}
