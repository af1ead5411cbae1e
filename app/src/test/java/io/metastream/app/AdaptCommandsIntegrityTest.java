package io.metastream.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.metastream.model.weights.BaseModel;
import io.metastream.store.ArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code score} and {@code adapt} verify what they load and refuse non-finite results. */
class AdaptCommandsIntegrityTest {
    @TempDir
    static Path work;
    static Path base;
    static Path examples;

    @BeforeAll
    static void exportTinyBase() throws Exception {
        base = work.resolve("base");
        try (NDManager manager = NDManager.newBaseManager()) {
            BaseModel.load("tiny", manager, 3, null).export(base);
        }
        ArtifactStore.writeManifest(base);
        examples = work.resolve("examples.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            sb.append("{\"exampleId\":\"e").append(i).append("\",\"personaId\":\"p1\",\"dialogueId\":\"d").append(i)
                    .append("\",\"turn\":0,\"context\":[\"do you like dogs?\"],\"reply\":\"i have two dogs ")
                    .append(i).append("\",\"candidates\":[\"i have two dogs ").append(i)
                    .append("\",\"i like cars\",\"the sky is blue\"],\"source\":\"test\"}\n");
        }
        Files.writeString(examples, sb.toString());
    }

    private static String[] score(Path baseDir, String... extra) {
        String[] head = {"score", "--base", baseDir.toString(), "--context", "do you like dogs?", "--candidates",
            "i have two dogs", "i like cars"};
        String[] all = new String[head.length + extra.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(extra, 0, all, head.length, extra.length);
        return all;
    }

    private static Path copyOfBase(String name) throws IOException {
        Path copy = work.resolve(name);
        Files.createDirectories(copy);
        try (var files = Files.list(base)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    private static void flipOneByte(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 5] ^= (byte) 0x80;
        Files.write(file, bytes);
    }

    @Test
    void aVerifiedBaseScores() {
        CliRunner r = CliRunner.run(score(base));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("i have two dogs").doesNotContain("NaN");
    }

    @Test
    void aBaseWithOneFlippedByteIsRefusedByScoreAndAdapt() throws IOException {
        Path tampered = copyOfBase("tampered");
        flipOneByte(tampered.resolve(BaseModel.WEIGHTS));

        CliRunner scored = CliRunner.run(score(tampered));
        assertThat(scored.exitCode()).isEqualTo(CliErrors.EXIT_FAILURE);
        assertThat(scored.err()).contains("--base").contains("failed verification").contains("FILE_DIGEST_MISMATCH");
        assertThat(scored.out()).isEmpty();

        CliRunner adapted = CliRunner.run("adapt", "--base", tampered.toString(), "--examples", examples.toString(),
                "--out", work.resolve("never").toString(), "--steps", "1");
        assertThat(adapted.exitCode()).isEqualTo(CliErrors.EXIT_FAILURE);
        assertThat(adapted.err()).contains("failed verification");
        assertThat(work.resolve("never")).doesNotExist();

        CliRunner forced = CliRunner.run(score(tampered, "--unverified"));
        assertThat(forced.exitCode()).as("--unverified never excuses a manifest that does not match")
                .isEqualTo(CliErrors.EXIT_FAILURE);
    }

    @Test
    void aDirectoryWithoutAManifestNeedsUnverified() throws IOException {
        Path foreign = copyOfBase("foreign");
        Files.delete(foreign.resolve(ArtifactStore.MANIFEST_FILE));

        CliRunner refused = CliRunner.run(score(foreign));
        assertThat(refused.exitCode()).isEqualTo(CliErrors.EXIT_FAILURE);
        assertThat(refused.err()).contains("MISSING_MANIFEST").contains("--unverified");

        CliRunner allowed = CliRunner.run(score(foreign, "--unverified"));
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
    }

    @Test
    void anAdapterIsWrittenWithAManifestAndVerifiedWhenScored() throws IOException {
        Path out = work.resolve("adapter");
        CliRunner adapted = CliRunner.run("adapt", "--base", base.toString(), "--examples", examples.toString(),
                "--out", out.toString(), "--steps", "1");
        assertThat(adapted.exitCode()).as(adapted.err()).isZero();
        assertThat(out.resolve(ArtifactStore.MANIFEST_FILE)).isRegularFile();
        assertThat(CliRunner.run(score(base, "--adapter", out.toString())).exitCode()).isZero();

        try (var files = Files.list(out)) {
            Path weights = files.filter(f -> f.toString().endsWith(".safetensors")).findFirst().orElseThrow();
            flipOneByte(weights);
        }
        CliRunner scored = CliRunner.run(score(base, "--adapter", out.toString()));
        assertThat(scored.exitCode()).isEqualTo(CliErrors.EXIT_FAILURE);
        assertThat(scored.err()).contains("--adapter").contains("failed verification");
    }

    @Test
    void nonFiniteScoresAreAnErrorNotOutput() throws IOException {
        Path foreign = copyOfBase("nan-weights");
        Files.delete(foreign.resolve(ArtifactStore.MANIFEST_FILE));
        Path weights = foreign.resolve(BaseModel.WEIGHTS);
        byte[] bytes = Files.readAllBytes(weights);
        int headerLength = (int) java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        for (int i = 8 + headerLength; i + 3 < bytes.length; i += 4) { // every float32 a NaN
            bytes[i] = 0;
            bytes[i + 1] = 0;
            bytes[i + 2] = (byte) 0xc0;
            bytes[i + 3] = 0x7f;
        }
        Files.write(weights, bytes);

        CliRunner r = CliRunner.run(score(foreign, "--unverified"));
        assertThat(r.exitCode()).isEqualTo(CliErrors.EXIT_FAILURE);
        assertThat(r.out()).doesNotContain("NaN");
        assertThat(r.err()).containsAnyOf("NaN", "non-finite");
    }
}
