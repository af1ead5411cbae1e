package io.metastream.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.store.ArtifactIntegrityException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {
    @TempDir
    Path root;

    private static void tinyModel(Path dir) throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"hidden\":4}");
        Files.write(dir.resolve(ArtifactStore.MODEL_FILE), new byte[] {1, 2, 3, 4});
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/notes.txt"), "nested");
    }

    @Test
    void publishedArtifactHasManifestProvenanceAndVerifies() throws IOException {
        ArtifactStore store = new ArtifactStore(root);
        StoredArtifact a = store.publish("v0001", ArtifactStoreTest::tinyModel, Map.of("loss", "0.5", "seed", "7"));

        assertThat(a.version()).isEqualTo("v0001");
        assertThat(Path.of(java.net.URI.create(a.uri()))).isEqualTo(root.resolve("v0001"));
        assertThat(store.versions()).containsExactly("v0001");
        assertThat(store.provenance("v0001")).containsEntry("loss", "0.5").containsEntry("seed", "7");
        String manifest = Files.readString(root.resolve("v0001/MANIFEST.sha256"));
        assertThat(manifest.lines().map(l -> l.substring(66)))
                .containsExactly("config.json", "model.safetensors", "provenance.json", "sub/notes.txt");
        assertThat(Manifest.sha256(manifest)).isEqualTo(a.sha256());
        assertThat(store.verify("v0001", a.sha256())).isEqualTo(a);
        assertThat(store.manifestDigest("v0001")).isEqualTo(a.sha256());
        assertThat(ArtifactStore.digestDirectory(root.resolve("v0001"))).as("the manifest itself is not hashed")
                .isEqualTo(a.sha256());
    }

    @Test
    void sameContentGivesSameDigest() throws IOException {
        ArtifactStore store = new ArtifactStore(root);
        StoredArtifact a = store.publish("v1", ArtifactStoreTest::tinyModel, Map.of("seed", "1"));
        StoredArtifact b = store.publish("v2", ArtifactStoreTest::tinyModel, Map.of("seed", "1"));
        StoredArtifact c = store.publish("v3", ArtifactStoreTest::tinyModel, Map.of("seed", "2"));
        assertThat(a.sha256()).isEqualTo(b.sha256()).isNotEqualTo(c.sha256());
    }

    @Test
    void crashedStagingDirectoryIsNeverListedAndIsCleaned() throws IOException {
        ArtifactStore store = new ArtifactStore(root);
        store.publish("v0001", ArtifactStoreTest::tinyModel, Map.of());
        // A writer that crashed mid-way leaves its staging directory behind.
        ArtifactStore.Staging crashed = store.openStaging();
        tinyModel(crashed.dir());

        ArtifactStore restarted = new ArtifactStore(root);
        assertThat(restarted.versions()).containsExactly("v0001");
        assertThat(restarted.latest()).contains("v0001");
        restarted.cleanStaging();
        assertThat(crashed.dir()).doesNotExist();
        try (var left = Files.list(root.resolve(ArtifactStore.STAGING_DIR))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void writerFailureLeavesNoVersionAndNoStaging() throws IOException {
        ArtifactStore store = new ArtifactStore(root);
        assertThatThrownBy(() -> store.publish("v0001", dir -> {
            tinyModel(dir);
            throw new IOException("disk full");
        }, Map.of())).hasMessage("disk full");
        assertThat(store.versions()).isEmpty();
        try (var left = Files.list(root.resolve(ArtifactStore.STAGING_DIR))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void refusesNonFiniteLoss() throws IOException {
        ArtifactStore store = new ArtifactStore(root);
        for (String loss : new String[] {"NaN", "Infinity", "-Infinity", "not-a-number"}) {
            assertThatThrownBy(() -> store.publish("v0001", ArtifactStoreTest::tinyModel, Map.of("loss", loss)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(store.versions()).isEmpty();
    }

    @Test
    void refusesToOverwriteAPublishedVersion() throws IOException {
        ArtifactStore store = new ArtifactStore(root);
        StoredArtifact first = store.publish("v0001", ArtifactStoreTest::tinyModel, Map.of("seed", "1"));
        assertThatThrownBy(() -> store.publish("v0001", ArtifactStoreTest::tinyModel, Map.of("seed", "2")))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(store.verify("v0001", first.sha256())).isEqualTo(first);
    }

    @Test
    void refusesReservedFileNamesAndBadVersionLabels() throws IOException {
        ArtifactStore store = new ArtifactStore(root);
        assertThatThrownBy(() -> store.publish("v0001",
                dir -> Files.writeString(dir.resolve("provenance.json"), "{}"), Map.of()))
                .hasMessageContaining("written by the store");
        for (String bad : new String[] {"", ".staging", "../x", "a/b", "PRODUCTION"}) {
            assertThatThrownBy(() -> store.publish(bad, ArtifactStoreTest::tinyModel, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid version label");
        }
    }

    @Test
    void detectsTamperingOfEveryKind() throws IOException {
        ArtifactStore store = new ArtifactStore(root);
        String sha = store.publish("v0001", ArtifactStoreTest::tinyModel, Map.of()).sha256();
        Path dir = root.resolve("v0001");

        Files.write(dir.resolve("model.safetensors"), new byte[] {9, 9, 9, 9});
        assertProblem(store, sha, Problem.FILE_DIGEST_MISMATCH);
        Files.write(dir.resolve("model.safetensors"), new byte[] {1, 2, 3, 4});
        assertThat(store.verify("v0001", sha).sha256()).isEqualTo(sha);

        Files.writeString(dir.resolve("extra.bin"), "x");
        assertProblem(store, sha, Problem.EXTRA_FILE);
        Files.delete(dir.resolve("extra.bin"));

        Files.delete(dir.resolve("sub/notes.txt"));
        assertProblem(store, sha, Problem.MISSING_FILE);
        Files.writeString(dir.resolve("sub/notes.txt"), "nested");

        assertThatThrownBy(() -> store.verify("v0001", "0".repeat(64)))
                .isInstanceOfSatisfying(ArtifactIntegrityException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.ARTIFACT_DIGEST_MISMATCH));
        Files.writeString(dir.resolve("MANIFEST.sha256"), "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        assertProblem(store, sha, Problem.ARTIFACT_DIGEST_MISMATCH);
        assertThatThrownBy(() -> store.verify("v0009", sha))
                .isInstanceOfSatisfying(ArtifactIntegrityException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.MISSING_VERSION));
    }

    @Test
    void verifyRequiresTheModelWeights() throws IOException {
        ArtifactStore store = new ArtifactStore(root);
        String sha = store.publish("v0001", dir -> Files.writeString(dir.resolve("config.json"), "{}"), Map.of())
                .sha256();
        assertProblem(store, sha, Problem.MISSING_MODEL);
    }

    private static void assertProblem(ArtifactStore store, String sha, Problem problem) {
        assertThatThrownBy(() -> store.verify("v0001", sha))
                .isInstanceOfSatisfying(ArtifactIntegrityException.class, e -> assertThat(e.problem()).isEqualTo(problem));
    }

    @Test
    void versionsAreInNaturalOrder() throws IOException {
        ArtifactStore store = new ArtifactStore(root);
        for (String v : new String[] {"v10", "v9", "v0100", "v0002"}) {
            store.publish(v, ArtifactStoreTest::tinyModel, Map.of());
        }
        assertThat(store.versions()).containsExactly("v0002", "v9", "v10", "v0100");
        assertThat(store.latest()).contains("v0100");
    }

    @Test
    void retentionKeepsNewestAndProduction() throws IOException {
        ArtifactStore store = new ArtifactStore(root);
        for (int i = 1; i <= 6; i++) {
            store.publish(String.format("v%04d", i), ArtifactStoreTest::tinyModel, Map.of());
        }
        store.setProductionVersion("v0002");
        assertThat(store.productionVersion()).contains("v0002");

        assertThat(store.retain(2)).containsExactly("v0001", "v0003", "v0004");
        assertThat(store.versions()).containsExactly("v0002", "v0005", "v0006");
        assertThat(store.retain(2)).isEmpty();
        assertThatThrownBy(() -> store.retain(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scopedRetentionNeverTouchesOtherNamespaces() throws IOException {
        ArtifactStore store = new ArtifactStore(root);
        for (int i = 1; i <= 3; i++) {
            store.publish(String.format("sr-v%04d", i), ArtifactStoreTest::tinyModel, Map.of());
            store.publish(String.format("v%04d", i), ArtifactStoreTest::tinyModel, Map.of());
        }
        assertThat(store.retain(1, v -> v.startsWith("sr-"))).containsExactly("sr-v0001", "sr-v0002");
        assertThat(store.versions()).containsExactly("sr-v0003", "v0001", "v0002", "v0003");
    }

    @Test
    void productionVersionCannotBeDeletedAndMustExist() throws IOException {
        ArtifactStore store = new ArtifactStore(root);
        store.publish("v0001", ArtifactStoreTest::tinyModel, Map.of());
        store.publish("v0002", ArtifactStoreTest::tinyModel, Map.of());
        assertThat(store.productionVersion()).isEmpty();
        assertThatThrownBy(() -> store.setProductionVersion("v0003")).hasMessageContaining("not published");
        store.setProductionVersion("v0001");
        assertThatThrownBy(() -> store.delete("v0001")).isInstanceOf(IllegalStateException.class);
        assertThat(store.delete("v0002")).isTrue();
        assertThat(store.delete("v0002")).isFalse();
        assertThat(store.versions()).containsExactly("v0001");
    }

    @Test
    void aDirectoryOutsideTheStoreVerifiesAgainstItsOwnManifest(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Files.writeString(dir.resolve("adapter_model.safetensors"), "weights");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub").resolve("config.json"), "{}");
        assertThatThrownBy(() -> ArtifactStore.verifyDirectory(dir)).isInstanceOfSatisfying(
                ArtifactIntegrityException.class, e -> assertThat(e.problem())
                        .isEqualTo(ArtifactIntegrityException.Problem.MISSING_MANIFEST));

        String digest = ArtifactStore.writeManifest(dir);
        assertThat(ArtifactStore.verifyDirectory(dir)).isEqualTo(digest);

        byte[] bytes = Files.readAllBytes(dir.resolve("adapter_model.safetensors"));
        bytes[0] ^= 0x01;
        Files.write(dir.resolve("adapter_model.safetensors"), bytes);
        assertThatThrownBy(() -> ArtifactStore.verifyDirectory(dir)).isInstanceOfSatisfying(
                ArtifactIntegrityException.class, e -> assertThat(e.problem())
                        .isEqualTo(ArtifactIntegrityException.Problem.FILE_DIGEST_MISMATCH));
    }
    @Test
    void aCommittedDirectoryReplacesTheOldOneCompleteAndVerified(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path target = dir.resolve("persona");
        Files.createDirectories(target);
        Files.writeString(target.resolve("stale.txt"), "from an older base");
        Path staged = dir.resolve(".staging-persona");
        Files.createDirectories(staged);
        Files.writeString(staged.resolve("adapter_model.safetensors"), "weights");

        String digest = ArtifactStore.commitDirectory(staged, target);

        assertThat(staged).doesNotExist();
        assertThat(target.resolve("stale.txt")).doesNotExist();
        assertThat(target.resolve("adapter_model.safetensors")).hasContent("weights");
        assertThat(ArtifactStore.verifyDirectory(target)).isEqualTo(digest)
                .isEqualTo(ArtifactStore.digestDirectory(target));
        ArtifactStore.deleteDirectory(target);
        assertThat(target).doesNotExist();
        ArtifactStore.deleteDirectory(target); // absent: nothing to do
    }
}
