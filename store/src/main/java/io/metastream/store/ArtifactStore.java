package io.metastream.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.metastream.domain.serde.Json;
import io.metastream.store.ArtifactIntegrityException.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of immutable, versioned artifacts (a PersistentVolume on Kubernetes).
 *
 * <p>Layout: {@code root/<version>/} holds one complete artifact plus {@code provenance.json} and
 * {@code MANIFEST.sha256}; {@code root/.staging/} holds work in progress; {@code root/PRODUCTION} names the
 * production version. An artifact is written into a fresh staging directory, every file is fsynced, and the
 * directory is then renamed atomically into place, so a version directory is either absent or complete and a
 * crash leaves at most a staging directory, which {@link #versions()} never lists and {@link #cleanStaging()}
 * removes. Not safe for several writers publishing the same version at once (the trainer is a singleton).
 */
public final class ArtifactStore {
    public static final String PROVENANCE_FILE = "provenance.json";
    public static final String MANIFEST_FILE = Manifest.FILE_NAME;
    public static final String MODEL_FILE = "model.safetensors";
    public static final String PRODUCTION_FILE = "PRODUCTION";
    /** Provenance key of the training loss; a non-finite value is refused at publish time. */
    public static final String LOSS_KEY = "loss";
    static final String STAGING_DIR = ".staging";
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** Writes an artifact's files into the (empty) staging directory it is given. */
    @FunctionalInterface
    public interface ArtifactWriter {
        void write(Path stagingDir) throws IOException;
    }

    private final Path root;

    public ArtifactStore(Path root) {
        if (root == null) {
            throw new IllegalArgumentException("artifact store root is required");
        }
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root.resolve(STAGING_DIR));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the artifact store at " + this.root
                    + ": check that the directory is writable", e);
        }
    }

    public Path root() {
        return root;
    }

    /** Whether {@code name} is a valid version name: letters, digits, '.', '_', '-', at most 128, not a marker. */
    public static boolean isVersionName(String name) {
        return name != null && VERSION.matcher(name).matches() && !name.equals(PRODUCTION_FILE);
    }

    /** The directory of a version (whether or not it exists). */
    public Path path(String version) {
        return root.resolve(checkVersionName(version));
    }

    /** A fresh, empty staging directory; {@link Staging#close()} discards it unless it was published. */
    public Staging openStaging() throws IOException {
        Path dir = root.resolve(STAGING_DIR).resolve(UUID.randomUUID().toString());
        Files.createDirectories(dir);
        return new Staging(dir);
    }

    /** Stages, writes and publishes in one call: see {@link #publish(Staging, String, Map)}. */
    public StoredArtifact publish(String version, ArtifactWriter writer, Map<String, String> provenance)
            throws IOException {
        checkVersionName(version);
        try (Staging staging = openStaging()) {
            writer.write(staging.dir());
            return publish(staging, version, provenance);
        }
    }

    /**
     * Seals a staging directory as {@code version}: writes {@code provenance.json}, fsyncs every file, writes
     * and fsyncs {@code MANIFEST.sha256}, renames atomically to {@code root/<version>/} and fsyncs the root.
     *
     * @throws IllegalArgumentException if the provenance's {@value #LOSS_KEY} is not a finite number, or the
     *                                  writer used a reserved file name
     * @throws FileAlreadyExistsException if the version is already published
     */
    public StoredArtifact publish(Staging staging, String version, Map<String, String> provenance) throws IOException {
        checkVersionName(version);
        Map<String, String> prov = new TreeMap<>(provenance == null ? Map.of() : provenance);
        checkFiniteLoss(prov);
        Path dir = staging.dir();
        for (String reserved : List.of(PROVENANCE_FILE, MANIFEST_FILE)) {
            if (Files.exists(dir.resolve(reserved))) {
                throw new IllegalArgumentException(reserved + " is written by the store: the artifact writer must not"
                        + " create it");
            }
        }
        Path target = path(version);
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "version " + version + " is already published");
        }
        Files.write(dir.resolve(PROVENANCE_FILE), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(prov));
        String manifest = Manifest.text(Manifest.digestFiles(dir));
        Files.writeString(dir.resolve(MANIFEST_FILE), manifest, StandardCharsets.UTF_8);
        Durable.fsyncTree(dir);
        Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
        staging.published = true;
        Durable.fsyncDir(root);
        return new StoredArtifact(version, target.toUri().toString(), Manifest.sha256(manifest));
    }

    /**
     * Recomputes a version's digests and compares them with its manifest and with {@code expectedSha256}.
     *
     * @throws ArtifactIntegrityException naming the first problem found (missing, extra or changed file, wrong
     *                                    artifact digest, no {@value #MODEL_FILE})
     */
    public StoredArtifact verify(String version, String expectedSha256) {
        Path dir = path(version);
        if (!Files.isDirectory(dir)) {
            throw new ArtifactIntegrityException(Problem.MISSING_VERSION, "no version " + version + " in " + root);
        }
        String digest = checkManifest(dir, version, expectedSha256);
        if (!Files.isRegularFile(dir.resolve(MODEL_FILE))) {
            throw new ArtifactIntegrityException(Problem.MISSING_MODEL, version + " has no " + MODEL_FILE);
        }
        return new StoredArtifact(version, dir.toUri().toString(), digest);
    }

    /**
     * Verifies any directory against its own {@value #MANIFEST_FILE} — a base or an adapter outside the store, such
     * as the input of {@code score} or {@code adapt} — and returns its artifact digest.
     *
     * @throws ArtifactIntegrityException when there is no manifest, or a file is missing, extra or changed
     */
    public static String verifyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ArtifactIntegrityException(Problem.MISSING_VERSION, "no such directory: " + dir);
        }
        return checkManifest(dir, dir.toString(), null);
    }

    /**
     * Writes {@value #MANIFEST_FILE} for the files now in {@code dir} (an artifact made outside the store, such as
     * an adapter) so that later loads can verify it; returns the artifact digest.
     */
    public static String writeManifest(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(MANIFEST_FILE));
        String manifest = Manifest.text(Manifest.digestFiles(dir));
        Files.writeString(dir.resolve(MANIFEST_FILE), manifest, StandardCharsets.UTF_8);
        Durable.fsyncTree(dir);
        return Manifest.sha256(manifest);
    }

    /**
     * Commits a directory made outside the store (an adapter with its lineage) the way the store publishes a
     * version: writes its {@value #MANIFEST_FILE}, fsyncs every file, renames {@code staged} to {@code target}
     * atomically (replacing an older {@code target}, which is removed first) and fsyncs the parent, so
     * {@code target} is absent, the old one, or complete — never half written. Returns the artifact digest.
     */
    public static String commitDirectory(Path staged, Path target) throws IOException {
        String digest = writeManifest(staged);
        Durable.deleteTree(target);
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        Durable.fsyncDir(target.toAbsolutePath().getParent());
        return digest;
    }

    /**
     * Replaces a small file atomically and durably: written beside it, fsynced, renamed over it, the directory
     * fsynced. A reader sees the old content or the new, never a torn one, even after a power loss.
     */
    public static void replaceFile(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Durable.fsyncFile(tmp);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Durable.fsyncDir(target.toAbsolutePath().getParent());
    }

    /** Removes a directory tree (an abandoned staging directory); nothing happens when it is absent. */
    public static void deleteDirectory(Path dir) throws IOException {
        Durable.deleteTree(dir);
    }

    /** The one verification: manifest present, its digest as expected (when given), every file as listed. */
    private static String checkManifest(Path dir, String name, String expectedSha256) {
        try {
            Path manifestFile = dir.resolve(MANIFEST_FILE);
            if (!Files.isRegularFile(manifestFile)) {
                throw new ArtifactIntegrityException(Problem.MISSING_MANIFEST, name + " has no " + MANIFEST_FILE);
            }
            String manifest = Files.readString(manifestFile, StandardCharsets.UTF_8);
            String digest = Manifest.sha256(manifest);
            if (expectedSha256 != null && !digest.equals(expectedSha256)) {
                throw new ArtifactIntegrityException(Problem.ARTIFACT_DIGEST_MISMATCH, name + " has digest "
                        + digest + ", expected " + expectedSha256 + ": the manifest was changed or this is another"
                        + " artifact");
            }
            compareFiles(name, Manifest.parse(manifest), Manifest.digestFiles(dir));
            return digest;
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ArtifactIntegrityException(Problem.UNREADABLE, "cannot read " + dir + ": " + e.getMessage());
        }
    }

    private static void compareFiles(String version, SortedMap<String, String> listed, SortedMap<String, String> found) {
        for (Map.Entry<String, String> e : listed.entrySet()) {
            String actual = found.get(e.getKey());
            if (actual == null) {
                throw new ArtifactIntegrityException(Problem.MISSING_FILE, version + " lacks " + e.getKey());
            }
            if (!actual.equals(e.getValue())) {
                throw new ArtifactIntegrityException(Problem.FILE_DIGEST_MISMATCH, version + "/" + e.getKey()
                        + " changed since it was published");
            }
        }
        for (String name : found.keySet()) {
            if (!listed.containsKey(name)) {
                throw new ArtifactIntegrityException(Problem.EXTRA_FILE, version + " has an unlisted file " + name);
            }
        }
    }

    /**
     * The digest a directory would have as an artifact (sha256 of its manifest text), for content that lives
     * outside the store, such as the pretrained base.
     */
    public static String digestDirectory(Path dir) throws IOException {
        return Manifest.sha256(Manifest.text(Manifest.digestFiles(dir)));
    }

    /** The digest recorded in a version's manifest (no file is re-hashed: use {@link #verify} for that). */
    public String manifestDigest(String version) throws IOException {
        return Manifest.sha256(Files.readString(path(version).resolve(MANIFEST_FILE), StandardCharsets.UTF_8));
    }

    public Map<String, String> provenance(String version) throws IOException {
        return Json.mapper().readValue(path(version).resolve(PROVENANCE_FILE).toFile(), new TypeReference<>() {
        });
    }

    /** Published versions in {@link VersionOrder}, oldest first; staging and hidden directories never appear. */
    public List<String> versions() throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(name -> VERSION.matcher(name).matches())
                    .sorted(VersionOrder.INSTANCE)
                    .toList();
        }
    }

    public Optional<String> latest() throws IOException {
        List<String> all = versions();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * Deletes a version. It is first renamed into the staging area, so a half-deleted artifact is never listed.
     *
     * @return whether it existed
     * @throws IllegalStateException for the production version
     */
    public boolean delete(String version) throws IOException {
        Path dir = path(version);
        if (productionVersion().filter(version::equals).isPresent()) {
            throw new IllegalStateException(version + " is the production version: promote another one first");
        }
        if (!Files.isDirectory(dir)) {
            return false;
        }
        Path trash = root.resolve(STAGING_DIR).resolve("deleted-" + UUID.randomUUID());
        Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
        Durable.fsyncDir(root);
        Durable.deleteTree(trash);
        return true;
    }

    /** Removes whatever a crashed writer left in the staging area. Call on start, before any writer runs. */
    public void cleanStaging() throws IOException {
        Path staging = root.resolve(STAGING_DIR);
        Durable.deleteTree(staging);
        Files.createDirectories(staging);
    }

    /**
     * Retention: deletes all versions except the newest {@code keepLast} and the production version.
     *
     * @return the deleted versions, oldest first
     */
    public List<String> retain(int keepLast) throws IOException {
        return retain(keepLast, v -> true);
    }

    /**
     * Retention within one namespace of versions (one trainer's): keeps its newest {@code keepLast} and production,
     * never touches versions outside {@code scope}.
     */
    public List<String> retain(int keepLast, java.util.function.Predicate<String> scope) throws IOException {
        if (keepLast < 1) {
            throw new IllegalArgumentException("retention must keep at least 1 version, was " + keepLast);
        }
        List<String> all = versions().stream().filter(scope).toList();
        Set<String> keep = new HashSet<>(all.subList(Math.max(0, all.size() - keepLast), all.size()));
        productionVersion().ifPresent(keep::add);
        List<String> deleted = new ArrayList<>();
        for (String v : all) {
            if (!keep.contains(v) && delete(v)) {
                deleted.add(v);
            }
        }
        return deleted;
    }

    /** The version named by {@code root/PRODUCTION}, if the control service has promoted one. */
    public Optional<String> productionVersion() throws IOException {
        try {
            String text = Files.readString(root.resolve(PRODUCTION_FILE), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Points {@code root/PRODUCTION} at a published version by an atomic replace (the control service's job). */
    public void setProductionVersion(String version) throws IOException {
        if (!Files.isDirectory(path(version))) {
            throw new IllegalArgumentException("cannot mark " + version + " as production: it is not published in "
                    + root);
        }
        Path tmp = root.resolve(STAGING_DIR).resolve("production-" + UUID.randomUUID());
        Files.writeString(tmp, version + "\n", StandardCharsets.UTF_8);
        Durable.fsyncFile(tmp);
        Files.move(tmp, root.resolve(PRODUCTION_FILE), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        Durable.fsyncDir(root);
    }

    static String checkVersionName(String version) {
        if (version == null || !VERSION.matcher(version).matches() || version.equals(PRODUCTION_FILE)) {
            throw new IllegalArgumentException("invalid version label '" + version + "': use letters, digits, '.',"
                    + " '_' or '-', starting with a letter or digit (e.g. v0001)");
        }
        return version;
    }

    private static void checkFiniteLoss(Map<String, String> provenance) {
        String loss = provenance.get(LOSS_KEY);
        if (loss == null) {
            return;
        }
        double value;
        try {
            value = Double.parseDouble(loss);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("provenance " + LOSS_KEY + " is not a number: " + loss, e);
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("refusing to publish an artifact whose training loss is " + loss
                    + ": a diverged round must not produce a checkpoint");
        }
    }

    /** A staging directory; closing it deletes it unless it was published. */
    public final class Staging implements AutoCloseable {
        private final Path dir;
        private boolean published;

        private Staging(Path dir) {
            this.dir = dir;
        }

        public Path dir() {
            return dir;
        }

        @Override
        public void close() throws IOException {
            if (!published) {
                Durable.deleteTree(dir);
            }
        }
    }
}
