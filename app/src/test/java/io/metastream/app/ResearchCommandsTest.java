package io.metastream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metastream.domain.Algorithm;
import io.metastream.research.experiment.ExperimentConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The research commands, {@code linear} and {@code experiment}, as a user calls them. */
class ResearchCommandsTest {

    @Test
    void linearJsonReproducesTheTheoryForThreeTasks() throws Exception {
        CliRunner result = CliRunner.run("linear", "--tasks", "3", "--json");

        assertThat(result.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("sr_error_rank").asInt()).isEqualTo(3);
        assertThat(json.get("ml_base_error").asDouble()).isLessThan(1e-3);
        assertThat(json.get("ml_error_rank").asInt()).isZero();
        assertThat(json.get("ft_loss_sr").asDouble()).isGreaterThan(100 * json.get("ft_loss_ml").asDouble());
    }

    @Test
    void experimentPassesTheDeviceToRetrainingAndFewShotOptions() {
        ExperimentConfig c = parse("--preset", "quick", "--train", "a.txt", "--eval", "b.txt",
                "--device", "gpu:1", "--methods", "SR", "--set", "retrain.task_lr=2e-3", "--set", "query=4");

        assertThat(c.retrainExtra()).containsEntry("device", "gpu:1").containsEntry("task_lr", "2e-3");
        assertThat(c.adaptExtra()).containsEntry("device", "gpu:1");
        assertThat(c.methods()).containsExactly(Algorithm.SR);
        assertThat(c.query()).isEqualTo(4);
    }

    @Test
    void experimentWithoutDeviceLeavesTheChoiceToTheEnvironment() {
        ExperimentConfig c = parse("--train", "a.txt", "--eval", "b.txt");

        assertThat(c.retrainExtra()).doesNotContainKey("device");
        assertThat(c.adaptExtra()).doesNotContainKey("device");
    }

    @Test
    void experimentHelpDocumentsDeviceAndSettings() {
        CliRunner result = CliRunner.run("experiment", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("--device", "auto | cpu | gpu[:N]", "METASTREAM_DEVICE", "--set=KEY=VALUE",
                "retrain.task_lr=1e-3");
    }

    @Test
    void experimentRejectsAnUnknownSettingInOneLine() throws Exception {
        java.nio.file.Path data = java.nio.file.Files.createTempFile("personas", ".txt");
        try {
            CliRunner result = CliRunner.run("experiment", "--train", data.toString(), "--eval", data.toString(),
                    "--set", "personas=3");

            assertThat(result.exitCode()).isEqualTo(CliErrors.EXIT_USAGE);
            assertThat(result.err()).startsWith("metastream: unknown experiment settings [personas]")
                    .contains("metastream experiment --help").doesNotContain("\tat ");
            assertThat(result.errLines()).isEqualTo(2);
        } finally {
            java.nio.file.Files.delete(data);
        }
    }

    private static ExperimentConfig parse(String... args) {
        CommandLine cli = new CommandLine(new ExperimentCommand());
        cli.parseArgs(args);
        return ((ExperimentCommand) cli.getCommand()).config();
    }
}
