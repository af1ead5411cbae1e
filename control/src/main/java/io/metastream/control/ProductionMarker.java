package io.metastream.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code PRODUCTION} file at the artifact store's root: one line, the production version. Serving
 * processes read it to know which base to load, so it is replaced atomically (temp file, fsync, rename,
 * fsync of the directory): a reader sees the old version or the new one, never a torn file.
 */
public final class ProductionMarker {
    public static final String FILE_NAME = "PRODUCTION";

    private final Path root;

    public ProductionMarker(Path root) {
        this.root = Objects.requireNonNull(root, "root: the artifact store directory").toAbsolutePath().normalize();
    }

    public Path file() {
        return root.resolve(FILE_NAME);
    }

    /** The version in the marker, or empty if there is no marker yet. */
    public Optional<String> read() {
        Path file = file();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the production marker " + file, e);
        }
    }

    /** Atomically replaces the marker with {@code version}. */
    public void write(String version) {
        if (version == null || version.isBlank() || version.contains("\n") || version.contains("\r")) {
            throw new IllegalArgumentException("the production marker holds one non-blank line, got '" + version + "'");
        }
        Path file = file();
        try {
            Files.createDirectories(root);
            Path temp = Files.createTempFile(root, ".PRODUCTION-", ".tmp");
            try {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer bytes = ByteBuffer.wrap((version + "\n").getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                    channel.force(true);
                }
                move(temp, file);
            } finally {
                Files.deleteIfExists(temp);
            }
            syncDirectory(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the production marker " + file
                    + " (is the artifact directory writable?)", e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + to.getParent() + " cannot rename atomically; "
                    + "put the artifact store on a local or POSIX file system", e);
        }
    }

    // Makes the rename itself durable. Some platforms cannot open a directory; the rename is still atomic there.
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }
}
