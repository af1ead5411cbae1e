package io.metastream.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service's readiness depends on beyond its own loop: the Kafka cluster answering (an admin
 * {@code describeCluster} within a time-out, checked in the background so a probe never blocks) and, for services
 * that write artifacts, the store directory existing and being writable.
 */
public final class Readiness implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    private static final Duration EVERY = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(4);

    private final Admin admin;
    private final ScheduledExecutorService scheduler;
    private volatile boolean kafkaReachable;
    private final java.util.concurrent.atomic.AtomicLong checks = new java.util.concurrent.atomic.AtomicLong();

    private Readiness(Admin admin, Duration every, Duration timeout) {
        this.admin = admin;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metastream-kafka-readiness");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> check(timeout), 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts checking the cluster named by {@code client} (bootstrap servers and security settings). */
    public static Readiness kafka(Properties client, String clientId) {
        return kafka(client, clientId, EVERY, TIMEOUT);
    }

    static Readiness kafka(Properties client, String clientId, Duration every, Duration timeout) {
        Properties p = new Properties();
        p.putAll(client);
        p.keySet().retainAll(AdminClientConfig.configNames());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return new Readiness(Admin.create(p), every, timeout);
    }

    private void check(Duration timeout) {
        boolean ok;
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis())).nodes()
                    .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            ok = true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            ok = false;
        }
        if (ok != kafkaReachable) {
            LOG.info("Kafka cluster {}", ok ? "reachable" : "unreachable: not ready until it answers again");
        }
        kafkaReachable = ok;
        checks.incrementAndGet();
    }

    /** How many checks have completed (for tests). */
    long checks() {
        return checks.get();
    }

    /** Whether the last check reached the cluster. */
    public boolean kafkaReachable() {
        return kafkaReachable;
    }

    /** True while {@code dir} exists and this process may write into it. */
    public static BooleanSupplier writableDirectory(Path dir) {
        return () -> Files.isDirectory(dir) && Files.isWritable(dir);
    }

    /** True while {@code dir} exists and this process may read it. */
    public static BooleanSupplier readableDirectory(Path dir) {
        return () -> Files.isDirectory(dir) && Files.isReadable(dir);
    }

    /** All of the conditions. */
    public static BooleanSupplier all(BooleanSupplier... conditions) {
        return () -> {
            for (BooleanSupplier c : conditions) {
                if (!c.getAsBoolean()) {
                    return false;
                }
            }
            return true;
        };
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
