package io.metastream.control;

import io.metastream.domain.Checkpoint;
import java.util.Optional;

/** Verifies that the bytes a checkpoint names are intact before they become production. */
@FunctionalInterface
public interface ArtifactCheck {

    /** Accepts everything: for tests of the gate's other rules only. */
    ArtifactCheck NONE = checkpoint -> Optional.empty();

    /** Why the checkpoint's artifact must not be served, or empty when it is intact and matches its digest. */
    Optional<String> problem(Checkpoint checkpoint);
}
