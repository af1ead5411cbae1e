package io.metastream.evaluator;

import io.metastream.domain.PersonaTask;
import io.metastream.learning.adapt.Registry;
import io.metastream.store.ArtifactIntegrityException;
import io.metastream.store.ArtifactStore;
import io.metastream.store.VersionOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The per-persona adapters each evaluation trained, kept beside the store's versions in
 * {@code <store>/.adapters/<version>/<task directory>/} (PEFT layout). Every task directory is sealed by its own
 * manifest and the version directory by one over them all (its digest goes into the evaluation record), committed
 * atomically, so a kept set is absent or complete. A hidden directory: the store never lists it as a version.
 * Bounded: {@link #retain} keeps the newest few and production's.
 */
final class AdapterShelf {
    static final String DIR = ".adapters";
    private static final String STAGING = ".staging";
    private final Path root;

    AdapterShelf(ArtifactStore store) {
        this.root = store.root().resolve(DIR);
    }

    Path path(String version) {
        return root.resolve(version);
    }

    /**
     * A fresh staging directory for an evaluation to write its adapters into, under the shelf's own staging area
     * (not the store's, which a restarting trainer empties); closing it removes whatever {@link #keep} did not take.
     */
    StagingDir staging() throws IOException {
        Path dir = root.resolve(STAGING).resolve(UUID.randomUUID().toString());
        Files.createDirectories(dir);
        return new StagingDir(dir);
    }

    /** A staging directory of the shelf. */
    record StagingDir(Path dir) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            ArtifactStore.deleteDirectory(dir);
        }
    }

    /** Removes what a crashed evaluation left staged; call on start, before any evaluation. */
    void cleanStaging() throws IOException {
        ArtifactStore.deleteDirectory(root.resolve(STAGING));
    }

    /**
     * Seals and commits what an evaluation wrote into {@code staged} as {@code version}'s adapters; returns the
     * digest and how many task directories it holds, or empty when it wrote none (a core that keeps no adapters).
     */
    Optional<Kept> keep(String version, Path staged) throws IOException {
        List<Path> tasks;
        try (Stream<Path> s = Files.list(staged)) {
            tasks = s.filter(Files::isDirectory).toList();
        }
        if (tasks.isEmpty()) {
            return Optional.empty();
        }
        for (Path t : tasks) {
            ArtifactStore.writeManifest(t);
        }
        Files.createDirectories(root);
        return Optional.of(new Kept(ArtifactStore.commitDirectory(staged, path(version)), tasks.size()));
    }

    record Kept(String sha256, int personas) {
    }

    /**
     * The kept adapter directory of every task of {@code tasks} that verifies; a task whose adapter is missing or
     * fails verification gets the reason in {@code problems} instead. When the whole set matches {@code sha256}
     * every task is intact; otherwise each task directory is checked against its own manifest, so one damaged
     * adapter costs only its persona.
     */
    Map<String, Path> adapters(String version, String sha256, List<PersonaTask> tasks, Map<String, String> problems) {
        Path dir = path(version);
        boolean whole;
        try {
            whole = ArtifactStore.verifyDirectory(dir).equals(sha256);
        } catch (ArtifactIntegrityException e) {
            whole = false;
        }
        Map<String, Path> out = new LinkedHashMap<>();
        for (PersonaTask t : tasks) {
            Path a = dir.resolve(Registry.directoryName(t.taskId()));
            if (!whole) {
                try {
                    ArtifactStore.verifyDirectory(a);
                } catch (ArtifactIntegrityException e) {
                    problems.put(t.taskId(), "kept adapter of " + version + " fails verification: " + e.getMessage());
                    continue;
                }
            }
            out.put(t.taskId(), a);
        }
        return out;
    }

    /** Deletes kept adapters except those of the newest {@code keep} versions and of production; returns them. */
    List<String> retain(int keep, Optional<String> production) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> all;
        try (Stream<Path> s = Files.list(root)) {
            all = s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(ArtifactStore::isVersionName).sorted(VersionOrder.INSTANCE).toList();
        }
        Set<String> kept = new HashSet<>(all.subList(Math.max(0, all.size() - keep), all.size()));
        production.ifPresent(kept::add);
        List<String> deleted = new ArrayList<>();
        for (String v : all) {
            if (!kept.contains(v)) {
                ArtifactStore.deleteDirectory(path(v));
                deleted.add(v);
            }
        }
        return deleted;
    }
}
