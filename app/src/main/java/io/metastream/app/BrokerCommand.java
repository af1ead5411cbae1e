package io.metastream.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.metastream.broker.BrokerConfig;
import io.metastream.broker.LocalBroker;
import io.metastream.domain.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code metastream broker}: a real single-node Kafka (KRaft) until Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run a real single-node Kafka broker (KRaft, broker and controller in one) until Ctrl-C.",
                "Restarting on the same data dir keeps topics and records."})
final class BrokerCommand implements java.util.concurrent.Callable<Integer> {

    private static final long SHUTDOWN_WAIT_SECONDS = 60;

    @Option(names = "--port", defaultValue = "9092", paramLabel = "PORT",
            description = "Client port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--data-dir", defaultValue = "metastream-data/kafka", paramLabel = "DIR",
            description = "Logs and metadata; created and formatted if new. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--partitions", defaultValue = "3", paramLabel = "N",
            description = "Partitions of topics created here. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--topic-prefix", defaultValue = "metastream.", paramLabel = "PREFIX",
            description = "Prefix of the Metastream topics created at start. Default: ${DEFAULT-VALUE}.")
    String topicPrefix;

    @Option(names = "--no-topics", description = "Do not create the Metastream topic catalogue at start.")
    boolean noTopics;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Options.requireAtLeast(spec, "--partitions", partitions, 1);
        PrintWriter out = spec.commandLine().getOut();
        BrokerConfig config = BrokerConfig.builder().setDataDir(dataDir).optPort(port)
                .optDefaultPartitions(partitions).build();
        boolean restart = LocalBroker.isFormatted(config.dataDir());
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // on Ctrl-C the JVM only waits for hooks: this one asks the main thread to close the broker and
        // waits for it, so logs are flushed and the next start needs no recovery
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            awaitQuietly(stopped);
        }, "metastream-broker-shutdown");
        try (LocalBroker broker = LocalBroker.start(config)) {
            Runtime.getRuntime().addShutdownHook(hook);
            if (!noTopics) {
                Topics topics = new Topics(topicPrefix);
                for (String topic : topics.all()) {
                    broker.createTopic(topic, partitions, topics.compacted().contains(topic));
                }
            }
            out.printf("Kafka broker ready: bootstrap %s (cluster %s, %s data dir %s)%n", broker.bootstrapServers(),
                    broker.clusterId(), restart ? "existing" : "new", config.dataDir());
            out.printf("Topics: %s%n", String.join(", ", broker.topics().stream().sorted().toList()));
            out.println("Press Ctrl-C to stop.");
            out.flush();
            awaitStop(stopRequested);
            out.println("Stopping the broker...");
            out.flush();
        } finally {
            stopped.countDown();
            removeHook(hook);
        }
        return 0;
    }

    /** Ctrl-C, or an interrupt of this thread (how tests stop it), both end the run normally. */
    private static void awaitStop(CountDownLatch stopRequested) {
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            // clear the flag so the broker's own shutdown, which waits for its threads, can proceed
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // the JVM is already shutting down (Ctrl-C), or the hook was never added
        }
    }
}
