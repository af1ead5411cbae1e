package io.metastream.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The {@code MANIFEST.sha256} of an artifact: one {@code <sha256>  <relative/path>} line per file, sorted by
 * path (the {@code sha256sum} format, so {@code sha256sum -c MANIFEST.sha256} checks it too). The artifact
 * digest is the sha256 of this text, so it covers every file's name and content.
 */
final class Manifest {
    static final String FILE_NAME = "MANIFEST.sha256";

    private Manifest() {
    }

    /** Digest of every regular file under {@code dir} except the manifest itself, keyed by '/'-separated path. */
    static SortedMap<String, String> digestFiles(Path dir) throws IOException {
        SortedMap<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = relativeName(dir, file);
                if (!name.equals(FILE_NAME)) {
                    digests.put(name, sha256(file));
                }
            }
        }
        return digests;
    }

    static String text(Map<String, String> digests) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(digests).forEach((name, digest) -> sb.append(digest).append("  ").append(name).append('\n'));
        return sb.toString();
    }

    static SortedMap<String, String> parse(String text) {
        SortedMap<String, String> digests = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int sep = line.indexOf("  ");
            if (sep != 64) {
                throw new ArtifactIntegrityException(ArtifactIntegrityException.Problem.UNREADABLE,
                        "manifest line is not '<sha256>  <path>': " + line);
            }
            digests.put(line.substring(sep + 2), line.substring(0, sep));
        }
        return digests;
    }

    static String sha256(String text) {
        return HexFormat.of().formatHex(newDigest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md = newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String relativeName(Path dir, Path file) {
        return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
