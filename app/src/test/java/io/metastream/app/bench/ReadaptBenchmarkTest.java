package io.metastream.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark runs every configuration over the same personas (its figures are measurements: not checked). */
class ReadaptBenchmarkTest {
    @TempDir
    Path work;

    static final Map<String, String> SMALL = Map.of("rank", "2", "context_len", "12", "candidate_len", "12");

    Path data() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < 3; p++) {
            for (int i = 0; i < 8; i++) {
                String reply = "persona " + p + " has " + i + " dogs";
                sb.append("{\"exampleId\":\"p").append(p).append("-e").append(i).append("\",\"personaId\":\"p")
                        .append(p).append("\",\"dialogueId\":\"p").append(p).append("d").append(i)
                        .append("\",\"turn\":0,\"context\":[\"do you like dogs?\"],\"reply\":\"").append(reply)
                        .append("\",\"candidates\":[\"").append(reply)
                        .append("\",\"i like cars\",\"the sky is blue\"],\"source\":\"test\"}\n");
            }
        }
        return Files.writeString(work.resolve("data.jsonl"), sb.toString());
    }

    @Test
    void measuresEveryBatchSizeOnTheSamePersonas() throws Exception {
        ReadaptBenchmark.Result r = ReadaptBenchmark.run(new ReadaptBenchmark.Options("tiny", data(), 3, 4, 2,
                List.of(2, 1), 1, SMALL), work.resolve("run"));

        assertThat(r.personas()).isEqualTo(3);
        assertThat(r.configs()).extracting(ReadaptBenchmark.Config::batchPersonas).containsExactly(2, 1);
        assertThat(r.configs()).allSatisfy(c -> assertThat(c.seconds()).hasSize(1));
        assertThat(r.speedupOverFirst()).containsOnlyKeys("batch_personas=2", "batch_personas=1")
                .containsEntry("batch_personas=2", 1.0);
        assertThat(r.json()).contains("\"personas_per_minute\"").contains("\"load_before\"");
    }

    @Test
    void aBadOptionFailsBeforeAnyWork() throws Exception {
        Path data = data();
        assertThat(catchThrowable(() -> ReadaptBenchmark.run(new ReadaptBenchmark.Options("tiny", data, 3, 4, 2,
                List.of(1), 1, Map.of("no_such_option", "1")), work.resolve("bad"))))
                .hasMessageContaining("no_such_option");
        assertThat(work.resolve("bad")).doesNotExist();
    }
}
