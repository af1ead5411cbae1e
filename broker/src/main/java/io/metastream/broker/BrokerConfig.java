package io.metastream.broker;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run a {@link LocalBroker}: one node that is both KRaft controller and broker.
 *
 * @param host              the host name the broker advertises to clients (normally {@code localhost})
 * @param port              the client port; {@code 0} picks a free port at start
 * @param dataDir           where the broker keeps its logs and KRaft metadata; reused across restarts
 * @param defaultPartitions partitions of a topic created without an explicit count
 */
public record BrokerConfig(String host, int port, Path dataDir, int defaultPartitions) {

    public static final String DEFAULT_HOST = "localhost";
    public static final int DEFAULT_PARTITIONS = 3;

    public BrokerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir: give the broker a directory for its logs");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank; use 'localhost' for a local broker");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535 (0 = any free port), got " + port);
        }
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException("defaultPartitions must be at least 1, got " + defaultPartitions);
        }
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** A broker on a free port of {@code localhost} with the default partition count. */
    public static BrokerConfig of(Path dataDir) {
        return builder().setDataDir(dataDir).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: {@code setDataDir} is required, the rest optional. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port;
        private Path dataDir;
        private int defaultPartitions = DEFAULT_PARTITIONS;

        private Builder() {
        }

        public Builder setDataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder optHost(String host) {
            this.host = host;
            return this;
        }

        public Builder optPort(int port) {
            this.port = port;
            return this;
        }

        public Builder optDefaultPartitions(int defaultPartitions) {
            this.defaultPartitions = defaultPartitions;
            return this;
        }

        public BrokerConfig build() {
            return new BrokerConfig(host, port, dataDir, defaultPartitions);
        }
    }
}
