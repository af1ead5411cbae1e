package io.metastream.control;

import io.metastream.domain.Checkpoint;
import io.metastream.store.ArtifactIntegrityException;
import io.metastream.store.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;

/**
 * The artifact store as the control service uses it: re-verifies a checkpoint's files against its digest
 * before promotion, and owns the store's {@code PRODUCTION} marker.
 */
public final class StoreArtifacts implements ArtifactCheck, ProductionMarker {
    private final ArtifactStore store;

    public StoreArtifacts(ArtifactStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Optional<String> problem(Checkpoint checkpoint) {
        try {
            store.verify(checkpoint.version(), checkpoint.sha256());
            return Optional.empty();
        } catch (ArtifactIntegrityException | IllegalArgumentException e) {
            return Optional.of("artifact of " + checkpoint.version() + " in " + store.root() + " failed verification: "
                    + e.getMessage());
        }
    }

    @Override
    public Optional<String> read() {
        try {
            return store.productionVersion();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the production marker in " + store.root(), e);
        }
    }

    @Override
    public void write(String version) {
        try {
            store.setProductionVersion(version);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the production marker in " + store.root()
                    + " (is the artifact directory writable?)", e);
        }
    }

    @Override
    public String describe() {
        return store.root().resolve(ArtifactStore.PRODUCTION_FILE).toString();
    }
}
