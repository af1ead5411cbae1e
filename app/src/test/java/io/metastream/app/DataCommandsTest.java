package io.metastream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metastream.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void statsOfConvAI2ValidAsOneJsonObject() throws Exception {
        Path file = SharedData.personaFile(SharedData.CONVAI2_VALID);

        CliRunner result = CliRunner.run("data", "stats", file.toString(), "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().strip().lines()).hasSize(1);
        JsonNode stats = JSON.readTree(result.out());
        assertThat(stats.get("format").asText()).isEqualTo("PARLAI");
        assertThat(stats.get("dialogues").asLong()).isEqualTo(1_000);
        assertThat(stats.get("examples").asLong()).isEqualTo(7_801);
        assertThat(stats.get("personas").asInt()).isEqualTo(100);
        JsonNode perPersona = stats.get("examples_per_persona");
        assertThat(perPersona.get("min").asLong()).isPositive().isLessThanOrEqualTo(perPersona.get("median").asLong());
        assertThat(perPersona.get("max").asLong()).isGreaterThanOrEqualTo(perPersona.get("median").asLong());
    }

    @Test
    void statsOfSyntheticPersonaChatTestAsATable() {
        Path file = SharedData.personaFile(SharedData.SPC_TEST);

        CliRunner result = CliRunner.run("data", "stats", file.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).containsPattern("format\\s+SPC_CSV")
                .containsPattern("dialogues\\s+968\\b")
                .containsPattern("personas\\s+100\\b")
                .containsPattern("examples per persona\\s+min \\d+ / median [\\d.,]+ / max [\\d,]+");
    }

    @Test
    void generatedFileReadsBackWithTheSizesGenerated() {
        Path out = dir.resolve("nested/synthetic.txt");

        CliRunner generate = CliRunner.run("data", "generate", "--personas", "40", "--seed", "5", "--out", out.toString());
        CliRunner stats = CliRunner.run("data", "stats", out.toString(), "--json");

        assertThat(generate.exitCode()).as(generate.err()).isZero();
        assertThat(generate.out()).contains("40 personas, 160 dialogues, 960 examples (seed 5)");
        assertThat(stats.out()).contains("\"dialogues\":160", "\"examples\":960", "\"personas\":40");
    }

    @Test
    void generationIsReproducibleFromTheSeed() throws Exception {
        Path a = dir.resolve("a.txt");
        Path b = dir.resolve("b.txt");

        CliRunner.run("data", "generate", "--seed", "9", "--out", a.toString());
        CliRunner.run("data", "generate", "--seed", "9", "--out", b.toString());

        assertThat(Files.readString(a)).isNotEmpty().isEqualTo(Files.readString(b));
    }

    @Test
    void malformedFileFailsWithOneLineNamingTheLine() throws Exception {
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "this is not any known format\n");

        CliRunner result = CliRunner.run("data", "stats", bad.toString());

        assertThat(result.exitCode()).isEqualTo(CliErrors.EXIT_FAILURE);
        assertThat(result.err()).startsWith("metastream: ").contains("unknown data format").doesNotContain("\tat ");
    }

    @Test
    void missingFileIsAUsageError() {
        CliRunner result = CliRunner.run("data", "stats", dir.resolve("absent.txt").toString());

        assertThat(result.exitCode()).isEqualTo(CliErrors.EXIT_USAGE);
        assertThat(result.err()).startsWith("metastream: No such file: ");
    }

    @Test
    void generatorOptionsWithAFileSourceAreRefused() throws Exception {
        Path file = dir.resolve("some.txt");
        Files.writeString(file, "1 your persona: i like tea.\n2 hi\thello\n");

        CliRunner result = CliRunner.run("publish", "--source", file.toString(), "--personas", "3");

        assertThat(result.exitCode()).isEqualTo(CliErrors.EXIT_USAGE);
        assertThat(result.err()).contains("--personas only apply to --source synthetic");
    }
}
