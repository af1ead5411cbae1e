package io.metastream.broker;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server properties of a single combined KRaft node. Pure: no I/O, so the exact settings are
 * unit-testable. Everything that Kafka replicates is set to one replica, because there is one node;
 * the transaction log and the exactly-once Streams settings rely on that.
 */
final class BrokerProperties {

    static final int NODE_ID = 1;
    static final String CLIENT_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** Internal topics (consumer offsets, transactions) are small locally; fewer partitions start faster. */
    static final int INTERNAL_TOPIC_PARTITIONS = 3;

    private BrokerProperties() {
    }

    /** Where the node's logs and KRaft metadata live under the configured data dir. */
    static Path logDir(BrokerConfig config) {
        return config.dataDir().resolve("kafka-logs");
    }

    static Map<String, String> of(BrokerConfig config, int clientPort, int controllerPort) {
        String host = config.host();
        Map<String, String> p = new TreeMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        // a static quorum: the voter address comes from this config, not from the log, so a restart
        // on the same data dir may use a different controller port
        p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        p.put("listeners", CLIENT_LISTENER + "://" + host + ":" + clientPort + ","
                + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        p.put("advertised.listeners", CLIENT_LISTENER + "://" + host + ":" + clientPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        p.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir(config).toString());
        p.put("num.partitions", Integer.toString(config.defaultPartitions()));
        // topics are created on purpose (catalogue, tests), never by a typo in a producer
        p.put("auto.create.topics.enable", "false");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", Integer.toString(INTERNAL_TOPIC_PARTITIONS));
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", Integer.toString(INTERNAL_TOPIC_PARTITIONS));
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // no reason to wait for more members of a group on a one-node development broker
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }
}
