package io.metastream.research.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metastream.domain.paired.OutcomeBits;
import io.metastream.domain.paired.PairedFigures;
import io.metastream.domain.paired.PairedStatistics;
import io.metastream.learning.api.QueryOutcomes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The paired side of an experiment, at one rank: every method's per-query outcomes on the same
 * frozen evaluation set (same personas, seeds and query examples), so that methods compare query
 * by query. Per method: the zero-shot hits@1 and the adaptation gain (after − before, paired on
 * the same queries and seeds); per pair of methods (lora-ml − sr, lora-ml − none, sr − none, when
 * they ran; then any other pair): Δ hits@1 with its persona-clustered standard error, the 95%
 * interval and the flips, from {@link PairedStatistics} — the statistics the promotion gate uses.
 *
 * @param rank        the few-shot rank compared
 * @param gains       per method, in run order
 * @param comparisons {@code a − b} pairs
 */
public record PairedReport(int rank, List<Gain> gains, List<Comparison> comparisons) {

  /** The paper's comparisons first, in this order. */
  static final List<List<String>> PREFERRED = List.of(List.of("lora-ml", "sr"),
      List.of("lora-ml", "none"), List.of("sr", "none"));

  /** A method's zero-shot score and its adaptation gain (empty with fewer than 2 personas). */
  public record Gain(String method, double zeroShotHits1, Optional<PairedFigures> gain) {}

  /** {@code a − b}: positive delta means a is better; negative flips: b right, a wrong. */
  public record Comparison(String a, String b, PairedFigures figures) {}

  public PairedReport {
    gains = List.copyOf(gains);
    comparisons = List.copyOf(comparisons);
  }

  /** Builds the report from each method's outcomes (in run order) at {@code rank}. */
  public static PairedReport of(int rank, Map<String, List<QueryOutcomes>> outcomesByMethod) {
    Map<String, List<OutcomeBits>> bits = new LinkedHashMap<>();
    outcomesByMethod.forEach((m, list) -> bits.put(m, list.stream()
        .map(o -> OutcomeBits.of(o.task(), o.seed(), o.correct(), o.zeroShotCorrect())).toList()));
    List<Gain> gains = new ArrayList<>();
    bits.forEach((m, list) -> gains.add(new Gain(m, zeroShotMean(list),
        PairedStatistics.adaptationGain(list))));
    List<List<String>> pairs = new ArrayList<>();
    for (List<String> p : PREFERRED) {
      if (bits.containsKey(p.get(0)) && bits.containsKey(p.get(1))) {
        pairs.add(p);
      }
    }
    List<String> methods = List.copyOf(bits.keySet());
    for (int i = 0; i < methods.size(); i++) {
      for (int j = i + 1; j < methods.size(); j++) {
        List<String> p = List.of(methods.get(i), methods.get(j));
        if (!pairs.contains(p) && !pairs.contains(List.of(p.get(1), p.get(0)))) {
          pairs.add(p);
        }
      }
    }
    List<Comparison> comparisons = new ArrayList<>();
    for (List<String> p : pairs) {
      PairedStatistics.compare(bits.get(p.get(1)), bits.get(p.get(0)))
          .ifPresent(f -> comparisons.add(new Comparison(p.get(0), p.get(1), f)));
    }
    return new PairedReport(rank, gains, comparisons);
  }

  /** Zero-shot hits@1: per persona the mean over its seeds and queries, then the mean of those. */
  static double zeroShotMean(List<OutcomeBits> outcomes) {
    if (outcomes.stream().anyMatch(o -> o.zeroShot().isEmpty())) {
      return Double.NaN;
    }
    return personaMean(outcomes, OutcomeBits::zeroShotBits);
  }

  /** Hits@1 of the chosen bits: per persona the mean over its seeds and queries, then the mean of those. */
  static double personaMean(List<OutcomeBits> outcomes,
      java.util.function.Function<OutcomeBits, boolean[]> bits) {
    Map<String, long[]> perTask = new LinkedHashMap<>();
    for (OutcomeBits o : outcomes) {
      long[] c = perTask.computeIfAbsent(o.task(), k -> new long[2]);
      for (boolean b : bits.apply(o)) {
        c[0] += b ? 1 : 0;
        c[1]++;
      }
    }
    return perTask.values().stream().mapToDouble(c -> (double) c[0] / c[1]).average()
        .orElse(Double.NaN);
  }

  /** Adds the gain fields to a method's JSON object. */
  void fillMethod(String method, ObjectNode node) {
    for (Gain g : gains) {
      if (g.method().equals(method)) {
        node.put("zero_shot_hits1_mean", g.zeroShotHits1());
        g.gain().ifPresent(f -> node.put("adaptation_gain", f.delta())
            .put("adaptation_gain_se", f.se()).put("adaptation_gain_ci_low", f.ciLow())
            .put("adaptation_gain_ci_high", f.ciHigh()));
        node.put("paired_rank", rank);
      }
    }
  }

  /** The comparisons as JSON objects. */
  void fillComparisons(ArrayNode array) {
    for (Comparison c : comparisons) {
      figures(array.addObject().put("a", c.a()).put("b", c.b()).put("rank", rank), c.figures());
    }
  }

  /** A paired difference's JSON fields (fractions): delta, se, the interval, the flips and the counts. */
  static ObjectNode figures(ObjectNode node, PairedFigures f) {
    return node.put("delta", f.delta()).put("se", f.se()).put("ci_low", f.ciLow())
        .put("ci_high", f.ciHigh()).put("negative_flips", f.negativeFlips())
        .put("positive_flips", f.positiveFlips()).put("queries", f.queries())
        .put("personas", f.personas());
  }

  /** Markdown: the gains table and the comparisons table, in percentage points. */
  public String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("| method | zero-shot hits@1 (%) | adaptation gain (pp, paired) | 95% interval |\n");
    md.append("|---|---:|---:|---:|\n");
    for (Gain g : gains) {
      md.append("| ").append(g.method()).append(" | ").append(pct(g.zeroShotHits1())).append(" | ")
          .append(g.gain().map(f -> signed(f.delta()) + " ± " + pct(f.se())).orElse("n/a"))
          .append(" | ").append(g.gain().map(PairedReport::interval).orElse("n/a")).append(" |\n");
    }
    if (!comparisons.isEmpty()) {
      md.append("\n| comparison (rank ").append(rank).append(") | Δ hits@1 (pp) | 95% interval | "
          + "negative flips | positive flips | queries |\n");
      md.append("|---|---:|---:|---:|---:|---:|\n");
      for (Comparison c : comparisons) {
        PairedFigures f = c.figures();
        md.append("| ").append(c.a()).append(" − ").append(c.b()).append(" | ")
            .append(signed(f.delta())).append(" ± ").append(pct(f.se())).append(" | ")
            .append(interval(f)).append(" | ").append(f.negativeFlips()).append(" | ")
            .append(f.positiveFlips()).append(" | ").append(f.queries()).append(" |\n");
      }
    }
    return md.toString();
  }

  private static String interval(PairedFigures f) {
    return "[" + signed(f.ciLow()) + ", " + signed(f.ciHigh()) + "]";
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", 100 * v);
  }

  private static String signed(double v) {
    return String.format(Locale.ROOT, "%+.1f", 100 * v);
  }
}
