package io.metastream.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) running inside this JVM.
 * Transactions and exactly-once Kafka Streams work: every replicated log has one replica.
 * Restartable: starting again on the same data dir keeps the cluster, its topics and offsets.
 *
 * <pre>{@code
 * try (LocalBroker broker = LocalBroker.start(BrokerConfig.of(dir))) {
 *     broker.createTopic("conversations", 3, false);
 *     String bootstrap = broker.bootstrapServers();
 * }
 * }</pre>
 */
public final class LocalBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    /** A free port found by probing can be taken by someone else before Kafka binds it; retry then. */
    private static final int BIND_ATTEMPTS = 3;

    private final BrokerConfig config;
    private final KafkaRaftServer server;
    private final String clusterId;
    private final int port;
    private final Admin admin;
    private boolean closed;

    private LocalBroker(BrokerConfig config, KafkaRaftServer server, String clusterId, int port, Admin admin) {
        this.config = config;
        this.server = server;
        this.clusterId = clusterId;
        this.port = port;
        this.admin = admin;
    }

    /**
     * Formats the data dir if it is new, starts the node and returns once it accepts clients.
     *
     * @throws IllegalStateException if the node cannot start (port taken, data dir not writable...)
     */
    public static LocalBroker start(BrokerConfig config) {
        Path logDir = BrokerProperties.logDir(config);
        String clusterId = KraftStorage.formatIfNeeded(logDir, BrokerProperties.NODE_ID,
                BrokerProperties.CONTROLLER_LISTENER);
        if (config.port() != 0 && !isFree(config.host(), config.port())) {
            throw new IllegalStateException("Kafka broker cannot listen on " + config.host() + ":" + config.port()
                    + ": the port is in use; choose another port, or 0 for a free one");
        }
        for (int attempt = 1; ; attempt++) {
            int clientPort = config.port() == 0 ? freePort(config.host()) : config.port();
            int controllerPort = freePort(config.host());
            try {
                return startOnce(config, clusterId, clientPort, controllerPort);
            } catch (RuntimeException e) {
                boolean ourPortTaken = config.port() != 0 && mentions(e, ":" + clientPort);
                boolean retry = attempt < BIND_ATTEMPTS && isBindFailure(e) && !ourPortTaken;
                if (!retry) {
                    throw new IllegalStateException("Kafka broker did not start on " + config.host() + ":" + clientPort
                            + " with data dir " + config.dataDir() + ": " + rootMessage(e)
                            + (isBindFailure(e) ? "; the port is in use, choose another or 0 for a free one" : ""), e);
                }
                LOG.info("Port {} or {} was taken meanwhile; retrying on fresh ports", clientPort, controllerPort);
            }
        }
    }

    private static LocalBroker startOnce(BrokerConfig config, String clusterId, int clientPort, int controllerPort) {
        Properties props = new Properties();
        props.putAll(BrokerProperties.of(config, clientPort, controllerPort));
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        Admin admin = null;
        try {
            server.startup();
            String bootstrap = config.host() + ":" + clientPort;
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.CLIENT_ID_CONFIG, "metastream-local-broker-admin"));
            awaitReady(admin);
            LOG.info("Kafka broker {} ready on {} (data dir {})", clusterId, bootstrap, config.dataDir());
            return new LocalBroker(config, server, clusterId, clientPort, admin);
        } catch (RuntimeException e) {
            if (admin != null) {
                admin.close(Duration.ZERO);
            }
            stop(server);
            throw e;
        }
    }

    private static void awaitReady(Admin admin) {
        try {
            var nodes = admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (nodes.isEmpty()) {
                throw new IllegalStateException("the broker registered no node");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("broker not ready after " + READY_TIMEOUT.toSeconds() + " s", e);
        }
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return config.host() + ":" + port;
    }

    public int port() {
        return port;
    }

    public String clusterId() {
        return clusterId;
    }

    public BrokerConfig config() {
        return config;
    }

    /**
     * Creates a topic with one replica; compacted topics keep the latest record per key.
     *
     * @return {@code true} if created, {@code false} if a topic of that name already existed
     */
    public boolean createTopic(String name, int partitions, boolean compacted) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        NewTopic topic = new NewTopic(name, partitions, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                        compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE));
        try {
            admin.createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            awaitLeaders(name);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IllegalStateException("Cannot create topic " + name + ": " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Topic " + name + " not created within " + ADMIN_TIMEOUT.toSeconds() + " s", e);
        }
    }

    /**
     * The controller acknowledges a new topic before the broker's metadata cache has it; wait until every
     * partition has a leader so that the next listing, producer or consumer sees the topic.
     */
    private void awaitLeaders(String name) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        long pauseMillis = 5;
        while (System.nanoTime() < deadline) {
            try {
                var description = admin.describeTopics(List.of(name)).allTopicNames()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(name);
                if (description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    // the metadata cache can name the leader before its replica manager serves the partition;
                    // a produce in that gap fails NOT_LEADER and can leave an idempotent producer's retry out
                    // of sequence. ListOffsets is served by the replica manager (the admin retries until it is)
                    var latest = description.partitions().stream().collect(java.util.stream.Collectors.toMap(
                            p -> new org.apache.kafka.common.TopicPartition(name, p.partition()),
                            p -> org.apache.kafka.clients.admin.OffsetSpec.latest()));
                    admin.listOffsets(latest).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("Cannot describe new topic " + name + ": " + rootMessage(e), e);
                }
            }
            Thread.sleep(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 100);
        }
        throw new TimeoutException("topic " + name + " has no leader after " + ADMIN_TIMEOUT.toSeconds() + " s");
    }

    /** Names of the topics that exist now, internal ones excluded. */
    public Set<String> topics() {
        try {
            return admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while listing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot list topics: " + rootMessage(e), e);
        }
    }

    /** Shuts the node down cleanly (logs flushed, so a restart needs no recovery). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        admin.close(ADMIN_TIMEOUT);
        stop(server);
        LOG.info("Kafka broker {} on port {} stopped", clusterId, port);
    }

    private static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + host, e);
        }
    }

    private static boolean isFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return mentions(e, "Address already in use");
    }

    private static boolean mentions(Throwable e, String text) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** Whether {@code dataDir} already holds a formatted node (a restart rather than a fresh start). */
    public static boolean isFormatted(Path dataDir) {
        return Files.isDirectory(dataDir)
                && KraftStorage.isFormatted(BrokerProperties.logDir(BrokerConfig.of(dataDir)));
    }
}
