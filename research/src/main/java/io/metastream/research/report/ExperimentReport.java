package io.metastream.research.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metastream.research.stats.Summary;
import io.metastream.research.stats.TaskSeedScore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The summary of a {@code metastream experiment}: result rows aggregated per (method, rank) and per
 * method, as a Markdown table, a CSV and a JSON document. Methods keep the order in which they first
 * appear in the rows; ranks ascend within a method.
 *
 * @param byMethodRank one aggregate per (method, rank)
 * @param byMethod     one aggregate per method, pooling its ranks (rank {@link AggregatedRow#ALL_RANKS})
 * @param paired       the paired figures at the first rank run, when outcomes were kept
 * @param ported       the portability figures (production's adapters on each retrained base), when measured
 */
public record ExperimentReport(List<AggregatedRow> byMethodRank, List<AggregatedRow> byMethod,
        Optional<PairedReport> paired, Optional<PortedReport> ported) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ExperimentReport {
        byMethodRank = List.copyOf(byMethodRank);
        byMethod = List.copyOf(byMethod);
        paired = paired == null ? Optional.empty() : paired;
        ported = ported == null ? Optional.empty() : ported;
    }

    /** This report with the paired figures. */
    public ExperimentReport withPaired(PairedReport p) {
        return new ExperimentReport(byMethodRank, byMethod, Optional.of(p), ported);
    }

    /** This report with the portability figures. */
    public ExperimentReport withPorted(PortedReport p) {
        return new ExperimentReport(byMethodRank, byMethod, paired, Optional.of(p));
    }

    /** Aggregates rows; a repeated (method, rank, task, seed) is rejected as double counting. */
    public static ExperimentReport of(List<ResultRow> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("an experiment report needs at least one result row");
        }
        Map<String, List<ResultRow>> perMethod = new LinkedHashMap<>();
        for (ResultRow row : rows) {
            perMethod.computeIfAbsent(row.method(), m -> new ArrayList<>()).add(row);
        }
        List<AggregatedRow> byMethodRank = new ArrayList<>();
        List<AggregatedRow> byMethod = new ArrayList<>();
        for (Map.Entry<String, List<ResultRow>> e : perMethod.entrySet()) {
            Map<Integer, List<ResultRow>> perRank = new LinkedHashMap<>();
            e.getValue().stream().sorted(Comparator.comparingInt(ResultRow::rank))
                    .forEach(r -> perRank.computeIfAbsent(r.rank(), k -> new ArrayList<>()).add(r));
            perRank.forEach((rank, group) -> byMethodRank.add(aggregate(e.getKey(), rank, group, true)));
            byMethod.add(aggregate(e.getKey(), AggregatedRow.ALL_RANKS, e.getValue(), false));
        }
        return new ExperimentReport(byMethodRank, byMethod, Optional.empty(), Optional.empty());
    }

    /** A Markdown table, one line per (method, rank); hits@1 and MRR as percentages, mean ± s.e. */
    public String markdownTable() {
        StringBuilder md = new StringBuilder();
        md.append("| method | rank | hits@1 (%) | MRR (%) | tasks | seeds |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (AggregatedRow r : byMethodRank) {
            md.append("| ").append(r.method().replace("|", "\\|"))
                    .append(" | ").append(r.rankLabel())
                    .append(" | ").append(percent(r.hits1()))
                    .append(" | ").append(percent(r.mrr()))
                    .append(" | ").append(r.tasks())
                    .append(" | ").append(r.seeds()).append(" |\n");
        }
        paired.ifPresent(p -> md.append('\n').append(p.markdown()));
        ported.ifPresent(p -> md.append("\nProduction's adapters (").append(p.production())
                .append(") ported as they are onto each retrained base, and re-adapted on it:\n\n")
                .append(p.markdown()));
        return md.toString();
    }

    /** CSV of the per-(method, rank) aggregates (RFC 4180 quoting, LF line ends), scores as fractions. */
    public String csv() {
        StringBuilder csv = new StringBuilder("method,rank,n,tasks,seeds,hits1_mean,hits1_se,mrr_mean,mrr_se\n");
        for (AggregatedRow r : byMethodRank) {
            csv.append(csvField(r.method())).append(',').append(r.rank()).append(',')
                    .append(r.hits1().n()).append(',').append(r.tasks()).append(',').append(r.seeds()).append(',')
                    .append(number(r.hits1().mean())).append(',').append(number(r.hits1().se())).append(',')
                    .append(number(r.mrr().mean())).append(',').append(number(r.mrr().se())).append('\n');
        }
        return csv.toString();
    }

    /**
     * JSON: {@code methods} maps each method to {@code hits1_mean, hits1_se, mrr_mean, mrr_se, tasks,
     * seeds, n} and, with paired figures, {@code zero_shot_hits1_mean, adaptation_gain,
     * adaptation_gain_se, adaptation_gain_ci_low, adaptation_gain_ci_high, paired_rank};
     * {@code comparisons} lists {@code a, b, rank, delta, se, ci_low, ci_high, negative_flips,
     * positive_flips, queries, personas} ({@code delta} = a − b, fractions); {@code by_method_rank}
     * lists the aggregates with {@code method} and {@code rank}; with portability figures,
     * {@code portability} holds {@code production, rank, methods.<m>.{production_hits1, ported_hits1,
     * readapted_hits1, negative_flips, production_correct, lost_share, portable, re_adapt,
     * ported_minus_production, readapted_minus_ported}} and {@code ported_comparisons}.
     */
    public String json() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode methods = root.putObject("methods");
        for (AggregatedRow r : byMethod) {
            ObjectNode m = methods.putObject(r.method());
            fill(m, r);
            paired.ifPresent(p -> p.fillMethod(r.method(), m));
        }
        ArrayNode comparisons = root.putArray("comparisons");
        paired.ifPresent(p -> p.fillComparisons(comparisons));
        ported.ifPresent(p -> p.fill(root.putObject("portability")));
        ArrayNode ranks = root.putArray("by_method_rank");
        for (AggregatedRow r : byMethodRank) {
            ObjectNode node = ranks.addObject().put("method", r.method()).put("rank", r.rank());
            fill(node, r);
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the experiment report", e);
        }
    }

    /** The hits@1 chart of the per-(method, rank) aggregates as PNG bytes. */
    public byte[] chartPng(ChartSpec spec) {
        return HitsChart.png(byMethodRank, spec);
    }

    /**
     * Writes {@code report.md}, {@code report.csv}, {@code report.json} and {@code hits1.png} into
     * {@code directory} (created if missing) and returns their paths in that order.
     */
    public List<Path> writeTo(Path directory, ChartSpec spec) throws IOException {
        Files.createDirectories(directory);
        List<Path> written = List.of(directory.resolve("report.md"), directory.resolve("report.csv"),
                directory.resolve("report.json"), directory.resolve("hits1.png"));
        Files.writeString(written.get(0), markdownTable(), StandardCharsets.UTF_8);
        Files.writeString(written.get(1), csv(), StandardCharsets.UTF_8);
        Files.writeString(written.get(2), json(), StandardCharsets.UTF_8);
        Files.write(written.get(3), chartPng(spec));
        return written;
    }

    private static void fill(ObjectNode node, AggregatedRow r) {
        node.put("hits1_mean", r.hits1().mean())
                .put("hits1_se", r.hits1().se())
                .put("mrr_mean", r.mrr().mean())
                .put("mrr_se", r.mrr().se())
                .put("tasks", r.tasks())
                .put("seeds", r.seeds())
                .put("n", r.hits1().n());
    }

    private static AggregatedRow aggregate(String method, int rank, List<ResultRow> rows, boolean oneRank) {
        Set<String> tasks = new HashSet<>();
        Set<Long> seeds = new HashSet<>();
        rows.forEach(r -> {
            tasks.add(r.task());
            seeds.add(r.seed());
        });
        if (!oneRank) { // pooling ranks: a (task, seed) pair appears once per rank, so key by rank too
            return new AggregatedRow(method, rank, summary(rows, ResultRow::hits1), summary(rows, ResultRow::mrr),
                    tasks.size(), seeds.size());
        }
        return new AggregatedRow(method, rank, perTaskSeed(rows, ResultRow::hits1, method),
                perTaskSeed(rows, ResultRow::mrr, method), tasks.size(), seeds.size());
    }

    private static Summary perTaskSeed(List<ResultRow> rows, ToDoubleFunction<ResultRow> score, String method) {
        List<TaskSeedScore> scores = new ArrayList<>();
        for (ResultRow r : rows) {
            scores.add(new TaskSeedScore(r.task(), r.seed(), score.applyAsDouble(r)));
        }
        try {
            return Summary.overTasksAndSeeds(scores);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("method " + method + " rank " + rows.get(0).rank() + ": " + e.getMessage(), e);
        }
    }

    private static Summary summary(List<ResultRow> rows, ToDoubleFunction<ResultRow> score) {
        List<Double> values = new ArrayList<>();
        rows.forEach(r -> values.add(score.applyAsDouble(r)));
        return Summary.of(values);
    }

    private static String percent(Summary s) {
        return String.format(Locale.ROOT, "%.1f ± %.1f", 100 * s.mean(), 100 * s.se());
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
