/**
 * The artifact store: a directory of immutable, digest-verified model versions shared by the trainer (writes),
 * the evaluator (verifies, reads) and the control service (verifies, owns the {@code PRODUCTION} marker).
 *
 * <p>Guarantees: a version directory is absent or complete (staging + fsync + atomic rename); its digest (sha256
 * of {@code MANIFEST.sha256}) covers every file's name and content; a diverged (non-finite loss) round cannot be
 * published; retention ({@link io.metastream.store.ArtifactStore#retain(int)}) keeps the newest K versions and
 * always the production one.
 */
package io.metastream.store;
