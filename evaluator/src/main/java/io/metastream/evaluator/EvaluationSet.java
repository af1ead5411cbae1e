package io.metastream.evaluator;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.domain.serde.Json;
import io.metastream.store.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The frozen held-out evaluation set: which personas, with exactly which support/query splits. Once written it
 * never changes (later task revisions do not touch it), so every checkpoint is measured on the same data; its
 * version is the sha256 of its tasks' canonical JSON.
 *
 * <p>Files: {@code evalset-<digest>.json} holds the set, {@code evalset.current} names the digest in use.
 *
 * @param evalSetVersion digest of {@code tasks}
 * @param tasks          held-out tasks, sorted by persona id
 */
public record EvaluationSet(String evalSetVersion, List<PersonaTask> tasks) {
    static final String POINTER = "evalset.current";

    public EvaluationSet {
        tasks = List.copyOf(tasks);
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("an evaluation set needs at least one held-out task");
        }
        if (!tasks.stream().allMatch(t -> t.split() == Split.HELD_OUT)) {
            throw new IllegalArgumentException("an evaluation set holds HELD_OUT tasks only");
        }
        if (new HashSet<>(tasks.stream().map(PersonaTask::personaId).toList()).size() != tasks.size()) {
            throw new IllegalArgumentException("an evaluation set holds each persona once");
        }
        String digest = digest(tasks);
        if (!digest.equals(evalSetVersion)) {
            throw new IllegalArgumentException("evaluation set version " + evalSetVersion + " does not match its"
                    + " content (digest " + digest + "): the file was changed");
        }
    }

    /** Freezes the first {@code personas} held-out tasks by persona id. */
    public static EvaluationSet freeze(Collection<PersonaTask> heldOut, int personas) {
        List<PersonaTask> chosen = heldOut.stream().filter(t -> t.split() == Split.HELD_OUT)
                .sorted(Comparator.comparing(PersonaTask::personaId)).limit(personas).toList();
        if (chosen.size() < personas) {
            throw new IllegalArgumentException("need " + personas + " held-out personas, have " + chosen.size());
        }
        return new EvaluationSet(digest(chosen), chosen);
    }

    public String fileName() {
        return "evalset-" + evalSetVersion + ".json";
    }

    /** Writes the set and then the pointer, each by an atomic rename, so a crash leaves the old state or the new. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName());
        ArtifactStore.replaceFile(file, Json.mapper().writeValueAsBytes(this));
        ArtifactStore.replaceFile(dir.resolve(POINTER), (evalSetVersion + "\n").getBytes(StandardCharsets.UTF_8));
        return file;
    }

    /** The set named by {@code evalset.current}, checked against its digest; empty if none was frozen yet. */
    public static Optional<EvaluationSet> load(Path dir) throws IOException {
        String digest;
        try {
            digest = Files.readString(dir.resolve(POINTER), StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Path file = dir.resolve("evalset-" + digest + ".json");
        try {
            return Optional.of(Json.mapper().readValue(file.toFile(), EvaluationSet.class));
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot load the frozen evaluation set " + file + " named by " + POINTER + ": "
                    + e.getMessage() + " (restore the file; deleting both files re-freezes a NEW set)", e);
        }
    }

    static String digest(List<PersonaTask> tasks) {
        try {
            byte[] canonical = Json.mapper().writeValueAsBytes(tasks);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
