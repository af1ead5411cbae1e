package io.metastream.research.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentReportTest {

    /** lora-ml at ranks 4 and 1 (listed first, so it leads), then sr at rank 4; two tasks x two seeds. */
    static List<ResultRow> fixedRows() {
        return List.of(
                new ResultRow("lora-ml", 4, 0, "p1", 0.50, 0.70),
                new ResultRow("lora-ml", 4, 0, "p2", 0.30, 0.50),
                new ResultRow("lora-ml", 4, 1, "p1", 0.40, 0.60),
                new ResultRow("lora-ml", 4, 1, "p2", 0.20, 0.40),
                new ResultRow("lora-ml", 1, 0, "p1", 0.10, 0.30),
                new ResultRow("lora-ml", 1, 1, "p1", 0.30, 0.50),
                new ResultRow("sr", 4, 0, "p1", 0.25, 0.45),
                new ResultRow("sr", 4, 0, "p2", 0.25, 0.45));
    }

    @Test
    void aggregatesPerMethodAndRankInFirstSeenMethodOrderAndAscendingRank() {
        ExperimentReport report = ExperimentReport.of(fixedRows());

        assertThat(report.byMethodRank()).extracting(AggregatedRow::method, AggregatedRow::rank)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("lora-ml", 1),
                        org.assertj.core.groups.Tuple.tuple("lora-ml", 4),
                        org.assertj.core.groups.Tuple.tuple("sr", 4));
        AggregatedRow loraRank4 = report.byMethodRank().get(1);
        assertThat(loraRank4.hits1().mean()).isCloseTo(0.35, within(1e-12));
        // values 0.5 0.3 0.4 0.2: sample variance 0.05 / 3, s.e. = sqrt(0.05 / 3) / 2
        assertThat(loraRank4.hits1().se()).isCloseTo(Math.sqrt(0.05 / 3) / 2, within(1e-12));
        assertThat(loraRank4.tasks()).isEqualTo(2);
        assertThat(loraRank4.seeds()).isEqualTo(2);
    }

    @Test
    void markdownTableShowsPercentMeanPlusMinusStandardError() {
        String table = ExperimentReport.of(fixedRows()).markdownTable();

        assertThat(table).isEqualTo("""
                | method | rank | hits@1 (%) | MRR (%) | tasks | seeds |
                |---|---:|---:|---:|---:|---:|
                | lora-ml | 1 | 20.0 ± 10.0 | 40.0 ± 10.0 | 1 | 2 |
                | lora-ml | 4 | 35.0 ± 6.5 | 55.0 ± 6.5 | 2 | 2 |
                | sr | 4 | 25.0 ± 0.0 | 45.0 ± 0.0 | 2 | 1 |
                """);
    }

    @Test
    void csvHasOneLinePerMethodAndRankWithFractions() {
        String csv = ExperimentReport.of(fixedRows()).csv();

        assertThat(csv).isEqualTo("""
                method,rank,n,tasks,seeds,hits1_mean,hits1_se,mrr_mean,mrr_se
                lora-ml,1,2,1,2,0.200000,0.100000,0.400000,0.100000
                lora-ml,4,4,2,2,0.350000,0.064550,0.550000,0.064550
                sr,4,2,2,1,0.250000,0.000000,0.450000,0.000000
                """);
    }

    @Test
    void csvQuotesMethodNamesWithCommas() {
        String csv = ExperimentReport.of(List.of(new ResultRow("sr, last layer", 0, 0, "p1", 0.1, 0.2))).csv();

        assertThat(csv).contains("\n\"sr, last layer\",0,1,1,1,");
    }

    @Test
    void jsonSummarisesPerMethodAndPerMethodRank() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ExperimentReport.of(fixedRows()).json());

        JsonNode lora = json.get("methods").get("lora-ml");
        assertThat(lora.get("hits1_mean").asDouble()).isCloseTo(0.30, within(1e-12));
        assertThat(lora.get("mrr_mean").asDouble()).isCloseTo(0.50, within(1e-12));
        assertThat(lora.get("tasks").asInt()).isEqualTo(2);
        assertThat(lora.get("seeds").asInt()).isEqualTo(2);
        assertThat(lora.get("n").asInt()).isEqualTo(6);
        assertThat(lora.has("hits1_se")).isTrue();
        assertThat(json.get("methods").get("sr").get("hits1_se").asDouble()).isZero();

        JsonNode byRank = json.get("by_method_rank");
        assertThat(byRank).hasSize(3);
        assertThat(byRank.get(0).get("method").asText()).isEqualTo("lora-ml");
        assertThat(byRank.get(0).get("rank").asInt()).isEqualTo(1);
        assertThat(byRank.get(0).get("hits1_se").asDouble()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void writesTableCsvJsonAndChartIntoADirectory(@TempDir Path dir) throws Exception {
        ExperimentReport report = ExperimentReport.of(fixedRows());

        List<Path> files = report.writeTo(dir.resolve("out"), ChartSpec.defaults("hits@1"));

        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("report.md", "report.csv", "report.json", "hits1.png");
        assertThat(Files.readString(files.get(0))).isEqualTo(report.markdownTable());
        assertThat(Files.readString(files.get(1))).isEqualTo(report.csv());
        assertThat(Files.readString(files.get(2))).isEqualTo(report.json());
        assertThat(ImageIO.read(files.get(3).toFile()).getWidth()).isEqualTo(960);
    }

    @Test
    void rejectsDoubleCountedRunsAndEmptyInput() {
        List<ResultRow> twice = List.of(new ResultRow("sr", 4, 0, "p1", 0.1, 0.2), new ResultRow("sr", 4, 0, "p1", 0.3, 0.4));

        assertThatThrownBy(() -> ExperimentReport.of(twice)).hasMessageContaining("method sr rank 4")
                .hasMessageContaining("scored twice");
        assertThatThrownBy(() -> ExperimentReport.of(List.of())).hasMessageContaining("at least one result row");
    }

    @Test
    void resultRowRejectsScoresOutsideUnitInterval() {
        assertThatThrownBy(() -> new ResultRow("sr", 4, 0, "p1", 1.5, 0.2)).hasMessageContaining("hits1 must be a fraction");
        assertThatThrownBy(() -> new ResultRow("sr", -1, 0, "p1", 0.5, 0.2)).hasMessageContaining("rank must be >= 0");
    }
}
