package io.metastream.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.metastream.domain.serde.Json;
import io.metastream.model.weights.BaseModel;
import io.metastream.store.ArtifactStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code readapt register} then {@code readapt}: adapters follow a new base, resumably, hostile input skipped. */
class ReadaptCommandTest {
    @TempDir
    static Path work;
    static Path v1;
    static Path v2;

    static final String[] SMALL = {"--set", "rank=2", "--set", "context_len=12", "--set", "candidate_len=12"};

    @BeforeAll
    static void twoVerifiedTinyBases() throws Exception {
        v1 = base("v1", 3);
        v2 = base("v2", 4);
    }

    static Path base(String name, long seed) throws Exception {
        Path dir = work.resolve(name);
        try (NDManager manager = NDManager.newBaseManager()) {
            BaseModel.load("tiny", manager, seed, null).export(dir);
        }
        ArtifactStore.writeManifest(dir);
        return dir;
    }

    static Path examples(Path dir, String persona) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            sb.append("{\"exampleId\":\"").append(persona).append("-e").append(i).append("\",\"personaId\":\"")
                    .append(persona).append("\",\"dialogueId\":\"d").append(i)
                    .append("\",\"turn\":0,\"context\":[\"do you like dogs?\"],\"reply\":\"i have two dogs ")
                    .append(i).append("\",\"candidates\":[\"i have two dogs ").append(i)
                    .append("\",\"i like cars\",\"the sky is blue\"],\"source\":\"test\"}\n");
        }
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(persona + ".jsonl"), sb.toString());
    }

    static String[] with(String[] head, String... tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    /** Adapts persona {@code persona} on v1 and registers it in {@code registry}. */
    static void adaptAndRegister(Path root, Path registry, String persona) throws Exception {
        adaptAndRegister(root, registry, persona, v1);
    }

    /** Adapts persona {@code persona} on {@code base} and registers it in {@code registry}. */
    static void adaptAndRegister(Path root, Path registry, String persona, Path base) throws Exception {
        Path ex = examples(root.resolve("data"), persona);
        Path adapter = root.resolve("adapters").resolve(persona);
        CliRunner adapted = CliRunner.run("adapt", "--base", base.toString(), "--examples", ex.toString(), "--out",
                adapter.toString(), "--rank", "2");
        assertThat(adapted.exitCode()).as(adapted.err()).isZero();
        CliRunner registered = CliRunner.run("readapt", "register", "--registry", registry.toString(), "--adapter",
                adapter.toString(), "--examples", ex.toString(), "--base", base.toString());
        assertThat(registered.exitCode()).as(registered.err()).isZero();
        assertThat(registered.out()).contains("registered").contains(persona);
    }

    @Test
    void registeredAdaptersAreReadaptedOnTheNewBaseWithLineageAndAResumeRedoesNothing() throws Exception {
        Path root = work.resolve("happy");
        Path registry = root.resolve("registry");
        adaptAndRegister(root, registry, "p1");
        adaptAndRegister(root, registry, "p2");
        Path out = root.resolve("out");
        String[] readapt = with(new String[] {"readapt", "--registry", registry.toString(), "--base", v2.toString(),
            "--out", out.toString(), "--json"}, SMALL);

        CliRunner r = CliRunner.run(readapt);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("re-adapting 2 personas").contains("batch 1/1: 2 personas").contains("2/2 personas done");
        JsonNode summary = Json.mapper().readTree(r.out());
        assertThat(summary.get("readapted").asInt()).isEqualTo(2);
        JsonNode lineage = summary.get("personas").get(0).get("lineage");
        assertThat(lineage.get("new_base_digest").asText()).isEqualTo(ArtifactStore.verifyDirectory(v2));
        assertThat(lineage.get("old_base_digest").asText()).isEqualTo(ArtifactStore.verifyDirectory(v1));
        assertThat(lineage.get("scored_on").asText()).isEqualTo("support_examples");
        // the new adapter loads, verified, like any adapter
        CliRunner scored = CliRunner.run("score", "--base", v2.toString(), "--adapter", out.resolve("p1").toString(),
                "--context", "do you like dogs?", "--candidates", "i have two dogs", "i like cars");
        assertThat(scored.exitCode()).as(scored.err()).isZero();

        CliRunner again = CliRunner.run(with(new String[] {"readapt", "--registry", registry.toString(), "--base",
            v2.toString(), "--out", out.toString()}, SMALL));
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("2 registered: 0 re-adapted, 2 already done");
    }

    @Test
    void aBrokenRegistrationIsSkippedWithItsReasonAndTheExitStatusSaysSo() throws Exception {
        Path root = work.resolve("hostile");
        Path registry = root.resolve("registry");
        adaptAndRegister(root, registry, "p1");
        adaptAndRegister(root, registry, "p2");
        Files.delete(root.resolve("data").resolve("p2.jsonl"));

        CliRunner r = CliRunner.run(with(new String[] {"readapt", "--registry", registry.toString(), "--base",
            v2.toString(), "--out", root.resolve("out").toString()}, SMALL));

        assertThat(r.exitCode()).isEqualTo(CliErrors.EXIT_FAILURE);
        assertThat(r.out()).contains("2 registered: 1 re-adapted, 0 already done, 1 skipped")
                .containsPattern("p2\\s+rejected\\s+bad_examples: examples file .*p2.jsonl not found");
        assertThat(root.resolve("out").resolve("p1").resolve("lineage.json")).exists();
    }

    @Test
    void registeringTwiceNeedsReplaceAndWrongCommandLinesExitWithTwo() throws Exception {
        Path root = work.resolve("usage");
        Path registry = root.resolve("registry");
        adaptAndRegister(root, registry, "p1");
        CliRunner twice = CliRunner.run("readapt", "register", "--registry", registry.toString(), "--adapter",
                root.resolve("adapters/p1").toString(), "--examples", root.resolve("data/p1.jsonl").toString(),
                "--base", v1.toString());
        assertThat(twice.exitCode()).isEqualTo(CliErrors.EXIT_FAILURE);
        assertThat(twice.err()).contains("already registered");

        CliRunner badSetting = CliRunner.run("readapt", "--registry", registry.toString(), "--base", v2.toString(),
                "--out", root.resolve("out").toString(), "--set", "batch_personas=0");
        assertThat(badSetting.exitCode()).isEqualTo(CliErrors.EXIT_USAGE);
        assertThat(badSetting.err()).contains("batch_personas");
        assertThat(root.resolve("out")).doesNotExist();

        CliRunner missing = CliRunner.run("readapt", "--base", v2.toString(), "--out", root.resolve("out").toString());
        assertThat(missing.exitCode()).isEqualTo(CliErrors.EXIT_USAGE);
        assertThat(missing.err()).contains("--registry");

        CliRunner help = CliRunner.run("readapt", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("registration.json").contains("batch_personas").contains("Resumable");
    }

    @Test
    void followNamesTheOptionsItLacks() {
        CliRunner r = CliRunner.run("readapt", "--follow", "--registry", work.toString(), "--out",
                work.resolve("followed").toString(), "--bootstrap", "localhost:1");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option with --follow: '--store'");
    }

    @Test
    void followRefusesAMetricsPortOrHostItCannotBind() {
        for (String[] bad : new String[][] {{"--metrics-port", "70000"}, {"--metrics-port", "x"},
            {"--metrics-port", "0", "--metrics-host", "a b"}}) {
            CliRunner r = CliRunner.run(with(new String[] {"readapt", "--follow", "--registry", work.toString(),
                "--store", work.toString(), "--out", work.resolve("followed").toString(), "--bootstrap",
                "localhost:1"}, bad));

            assertThat(r.exitCode()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(r.err()).contains(bad[bad.length - 2]);
        }
        assertThat(work.resolve("followed")).doesNotExist();
    }
}
