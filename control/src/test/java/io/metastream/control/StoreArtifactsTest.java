package io.metastream.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.domain.Algorithm;
import io.metastream.domain.Checkpoint;
import io.metastream.store.ArtifactStore;
import io.metastream.store.StoredArtifact;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreArtifactsTest {
    @TempDir
    Path root;

    /** Publishes a tiny artifact and returns the checkpoint event that names it. */
    static Checkpoint publish(ArtifactStore store, String version) throws Exception {
        StoredArtifact a = store.publish(version,
                dir -> Files.write(dir.resolve(ArtifactStore.MODEL_FILE), version.getBytes()), Map.of("loss", "0.5"));
        return new Checkpoint(version, null, Algorithm.LORA_ML, a.uri(), a.sha256(), List.of("t1"), List.of(), Map.of(),
                1L, 0.5, Fixtures.T0);
    }

    @Test
    void anIntactPublishedArtifactHasNoProblem() throws Exception {
        ArtifactStore store = new ArtifactStore(root);
        Checkpoint v1 = publish(store, "v1");

        assertThat(new StoreArtifacts(store).problem(v1)).isEmpty();
    }

    @Test
    void aChangedFileIsAProblem() throws Exception {
        ArtifactStore store = new ArtifactStore(root);
        Checkpoint v1 = publish(store, "v1");
        Files.write(store.path("v1").resolve(ArtifactStore.MODEL_FILE), "tampered".getBytes());

        assertThat(new StoreArtifacts(store).problem(v1)).hasValueSatisfying(p ->
                assertThat(p).contains("artifact of v1").contains("failed verification"));
    }

    @Test
    void aCheckpointWhoseDigestIsNotTheStoredArtifactsIsAProblem() throws Exception {
        ArtifactStore store = new ArtifactStore(root);
        Checkpoint v1 = publish(store, "v1");
        Checkpoint other = new Checkpoint("v1", null, Algorithm.SR, v1.artifactUri(), Fixtures.sha("x"), List.of(),
                List.of(), Map.of(), 1L, 0.5, Fixtures.T0);

        assertThat(new StoreArtifacts(store).problem(other)).isPresent();
    }

    @Test
    void anArtifactMissingFromTheStoreIsAProblem() {
        assertThat(new StoreArtifacts(new ArtifactStore(root)).problem(Fixtures.checkpoint("v9")))
                .hasValueSatisfying(p -> assertThat(p).contains("v9"));
    }

    @Test
    void writesAndReadsTheStoresProductionFile() throws Exception {
        ArtifactStore store = new ArtifactStore(root);
        publish(store, "v1");
        publish(store, "v2");
        StoreArtifacts artifacts = new StoreArtifacts(store);

        assertThat(artifacts.read()).isEmpty();
        artifacts.write("v1");
        artifacts.write("v2");

        assertThat(Files.readString(root.resolve("PRODUCTION"))).isEqualTo("v2\n");
        assertThat(artifacts.read()).contains("v2");
        assertThat(store.productionVersion()).contains("v2");
    }

    @Test
    void refusesToMarkAVersionThatIsNotInTheStore() {
        StoreArtifacts artifacts = new StoreArtifacts(new ArtifactStore(root));

        assertThatThrownBy(() -> artifacts.write("v9")).isInstanceOfAny(IllegalArgumentException.class,
                UncheckedIOException.class).hasMessageContaining("v9");
        assertThat(Files.exists(root.resolve("PRODUCTION"))).isFalse();
    }
}
