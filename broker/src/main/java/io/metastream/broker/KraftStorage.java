package io.metastream.broker;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * Formats a KRaft log directory, the in-process equivalent of {@code kafka-storage.sh format}. A
 * directory that already holds {@code meta.properties} is left alone, so a broker restarted on the
 * same data dir keeps its cluster id, topics and offsets.
 */
final class KraftStorage {

    static final String META_PROPERTIES = "meta.properties";

    private KraftStorage() {
    }

    static boolean isFormatted(Path logDir) {
        return Files.isRegularFile(logDir.resolve(META_PROPERTIES));
    }

    /** The cluster id recorded in a formatted directory, if any. */
    static Optional<String> clusterId(Path logDir) {
        Path meta = logDir.resolve(META_PROPERTIES);
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (var in = Files.newInputStream(meta)) {
            props.load(in);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot read " + meta + ": " + e.getMessage()
                    + "; delete the data dir to start from an empty broker", e);
        }
        return Optional.ofNullable(props.getProperty("cluster.id"));
    }

    /**
     * Formats {@code logDir} for a new single-node cluster unless it is formatted already.
     *
     * @return the cluster id of the directory
     */
    static String formatIfNeeded(Path logDir, int nodeId, String controllerListener) {
        Optional<String> existing = clusterId(logDir);
        if (existing.isPresent()) {
            return existing.get();
        }
        String clusterId = Uuid.randomUuid().toString();
        // the formatter reports progress on a print stream; keep it for the error message only
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new PrintStream(out, true, StandardCharsets.UTF_8))
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setControllerListenerName(controllerListener)
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format the Kafka data dir " + logDir + ": " + e.getMessage()
                    + " " + out.toString(StandardCharsets.UTF_8).trim()
                    + "; check that the directory is writable, or delete it to start afresh", e);
        }
        return clusterId;
    }
}
