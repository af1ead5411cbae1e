package io.metastream.store;

import io.metastream.domain.Checks;

/**
 * A complete, published artifact version.
 *
 * @param version the version label (the directory name under the store root)
 * @param uri     where it lives ({@code file:} URI of the version directory)
 * @param sha256  the artifact digest: sha256 of its {@code MANIFEST.sha256} text
 */
public record StoredArtifact(String version, String uri, String sha256) {
    public StoredArtifact {
        ArtifactStore.checkVersionName(version);
        Checks.text(uri, "uri");
        Checks.sha256(sha256, "sha256");
    }
}
