package io.metastream.research.linear;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The paper's linear predictions, at its default size (d = 10, k = 1, n = 5000, n' = 100, sigma = 0.1). */
class LinearTheorySuiteTest {

    private static LinearTheoryResult run(int tasks, int rank, long seed) {
        return LinearTheorySuite.run(LinearTheoryConfig.builder().optTasks(tasks).optRank(rank).optSeed(seed).build());
    }

    @ParameterizedTest(name = "T={0}, k={1}")
    @CsvSource({"2,1", "3,1", "5,1", "3,2"})
    void standardRetrainingErrorHasRankKTimesT(int tasks, int rank) {
        assertThat(run(tasks, rank, 1).srErrorRank()).isEqualTo(rank * tasks);
    }

    @ParameterizedTest(name = "T={0}")
    @ValueSource(ints = {3, 5})
    void loraMetaLearningRecoversTheSharedMatrixFromThreeOrMoreTasks(int tasks) {
        LinearTheoryResult result = run(tasks, 1, 2);

        assertThat(result.mlBaseError()).isLessThan(1e-3);
        assertThat(result.mlErrorRank()).isZero();
    }

    @Test
    void loraMetaLearningErrorFromTwoTasksHasRankAtMostTwoK() {
        LinearTheoryResult result = run(2, 1, 3);

        assertThat(result.mlErrorRank()).isBetween(1, 2);
        // two tasks cannot pin A* down: the error is low-rank but not small
        assertThat(result.mlBaseError()).isGreaterThan(1e-3);
    }

    @Test
    void fineTuningFromLoraMetaLearningBeatsStandardRetrainingByOverHundredfold() {
        LinearTheoryResult result = run(3, 1, 4);

        assertThat(result.ftLossSr()).isGreaterThan(1.0);
        assertThat(result.ftLossSr() / result.ftLossMl()).isGreaterThan(100);
    }

    @Test
    void withoutNoiseLoraMetaLearningIsExactAndItsFineTuneLossVanishes() {
        LinearTheoryResult result = LinearTheorySuite.run(LinearTheoryConfig.builder().optNoise(0).optSeed(5).build());

        assertThat(result.mlBaseError()).isLessThan(1e-12);
        assertThat(result.ftLossMl()).isLessThan(1e-10);
        assertThat(result.srErrorRank()).isEqualTo(3);
    }

    @Test
    void sameSeedGivesIdenticalResultsAndOtherSeedsDiffer() {
        LinearTheoryResult first = run(3, 1, 6);

        assertThat(run(3, 1, 6)).isEqualTo(first);
        assertThat(run(3, 1, 7).ftLossSr()).isNotEqualTo(first.ftLossSr());
    }

    @Test
    void jsonHasExactlyTheResultKeysAndTheConfigEcho() throws Exception {
        LinearTheoryResult result = run(3, 1, 8);

        JsonNode json = new ObjectMapper().readTree(result.toJson());

        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("config", "sr_error_rank", "ml_base_error", "ml_error_rank",
                "ft_loss_ml", "ft_loss_sr");
        assertThat(json.get("sr_error_rank").asInt()).isEqualTo(result.srErrorRank());
        assertThat(json.get("ft_loss_sr").asDouble()).isEqualTo(result.ftLossSr());
        JsonNode config = json.get("config");
        assertThat(config.get("dim").asInt()).isEqualTo(10);
        assertThat(config.get("tasks").asInt()).isEqualTo(3);
        assertThat(config.get("ft_samples").asInt()).isEqualTo(100);
        assertThat(config.get("noise").asDouble()).isEqualTo(0.1);
        assertThat(config.get("seed").asLong()).isEqualTo(8);
    }
}
