package io.metastream.trainer;

import io.metastream.domain.Algorithm;
import io.metastream.domain.Topics;
import io.metastream.model.encoder.Devices;
import io.metastream.runtime.ServiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The trainer's configuration, read once from the environment (or a map in tests).
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>METASTREAM_BOOTSTRAP_SERVERS</td><td>required</td><td>Kafka bootstrap servers</td></tr>
 *   <tr><td>METASTREAM_TOPIC_PREFIX</td><td>metastream.</td><td>topic name prefix</td></tr>
 *   <tr><td>METASTREAM_ARTIFACT_DIR</td><td>required</td><td>artifact store root</td></tr>
 *   <tr><td>METASTREAM_ROUND_EVERY_TASKS</td><td>4</td><td>a round after this many new tasks…</td></tr>
 *   <tr><td>METASTREAM_ROUND_INTERVAL</td><td>PT10M</td><td>…or after this long, whichever first</td></tr>
 *   <tr><td>METASTREAM_POOL_CAPACITY</td><td>64</td><td>tasks kept for replay</td></tr>
 *   <tr><td>METASTREAM_REPLAY_TASKS</td><td>4</td><td>old tasks replayed per round</td></tr>
 *   <tr><td>METASTREAM_ALGORITHM</td><td>LORA_ML</td><td>LORA_ML, SR, REPTILE, LAST_LAYER_ML or NONE</td></tr>
 *   <tr><td>METASTREAM_VERSION_PREFIX</td><td>(none)</td><td>namespace of this trainer's versions, e.g. {@code sr-}
 *       gives {@code sr-v0001}: lets several trainers (one per algorithm) share one store and topic</td></tr>
 *   <tr><td>METASTREAM_SEED</td><td>42</td><td>seed of retraining and replay choice</td></tr>
 *   <tr><td>METASTREAM_RETAIN_VERSIONS</td><td>5</td><td>newest versions kept (production always kept)</td></tr>
 *   <tr><td>METASTREAM_TRAINER_GROUP_ID</td><td>metastream-trainer</td><td>consumer group of committed offsets</td></tr>
 *   <tr><td>METASTREAM_TRANSACTIONAL_ID</td><td>metastream-trainer</td><td>producer transactional id</td></tr>
 *   <tr><td>METASTREAM_METRICS_HOST</td><td>127.0.0.1</td><td>ops server bind address</td></tr>
 *   <tr><td>METASTREAM_METRICS_PORT</td><td>9401</td><td>ops server port (0 = any free port)</td></tr>
 *   <tr><td>METASTREAM_DEVICE</td><td>auto</td><td>where the arrays live: auto | cpu | gpu[:N]</td></tr>
 *   <tr><td>METASTREAM_LEARN_*</td><td></td><td>retraining options: METASTREAM_LEARN_MAX_EXAMPLES_PER_TASK
 *       becomes option {@code max_examples_per_task}</td></tr>
 *   <tr><td>METASTREAM_KAFKA_*</td><td></td><td>extra Kafka client settings (e.g. SASL)</td></tr>
 * </table>
 */
public record TrainerConfig(
        String bootstrapServers,
        Topics topics,
        Path artifactDir,
        int roundEveryTasks,
        Duration roundInterval,
        int poolCapacity,
        int replayTasks,
        Algorithm algorithm,
        long seed,
        int retainVersions,
        String versionPrefix,
        String groupId,
        String transactionalId,
        String metricsHost,
        int metricsPort,
        Map<String, String> learnOptions,
        Properties kafkaOverrides) {

    public static final String LEARN_PREFIX = "METASTREAM_LEARN_";

    public TrainerConfig {
        learnOptions = Map.copyOf(learnOptions);
        Properties copy = new Properties();
        copy.putAll(kafkaOverrides);
        kafkaOverrides = copy;
    }

    /** Reads and validates; every problem is reported together in one {@code ServiceConfigException}. */
    public static TrainerConfig fromMap(Map<String, String> env) {
        ServiceConfig c = new ServiceConfig(env);
        String servers = c.required("METASTREAM_BOOTSTRAP_SERVERS");
        String prefix = c.string("METASTREAM_TOPIC_PREFIX", Topics.DEFAULT.prefix());
        String dir = c.required("METASTREAM_ARTIFACT_DIR");
        int every = c.integer("METASTREAM_ROUND_EVERY_TASKS", 4, 1, 100_000);
        Duration interval = c.duration("METASTREAM_ROUND_INTERVAL", Duration.ofMinutes(10));
        if (interval.isZero()) {
            c.error("METASTREAM_ROUND_INTERVAL", "must be positive");
        }
        int capacity = c.integer("METASTREAM_POOL_CAPACITY", 64, 1, 1_000_000);
        int replay = c.integer("METASTREAM_REPLAY_TASKS", 4, 0, 1_000_000);
        Algorithm algorithm = algorithm(c);
        long seed = c.longValue("METASTREAM_SEED", 42);
        int retain = c.integer("METASTREAM_RETAIN_VERSIONS", 5, 1, 1_000_000);
        String versionPrefix = c.string("METASTREAM_VERSION_PREFIX", "");
        if (!versionPrefix.matches("[a-z0-9-]{0,32}")) {
            c.error("METASTREAM_VERSION_PREFIX", "use at most 32 lower-case letters, digits and '-', got '" + versionPrefix
                    + "'");
        }
        String group = c.string("METASTREAM_TRAINER_GROUP_ID", "metastream-trainer");
        String txId = c.string("METASTREAM_TRANSACTIONAL_ID", "metastream-trainer");
        String metricsHost = c.metricsHost();
        int port = c.integer("METASTREAM_METRICS_PORT", 9401, 0, 65_535);
        String device = c.string(Devices.VARIABLE, "auto");
        Devices.problem(device).ifPresent(p -> c.error(Devices.VARIABLE, p));
        Map<String, String> learn = Devices.withDevice(c.options(LEARN_PREFIX), device);
        c.validate();
        return new TrainerConfig(servers, new Topics(prefix), Path.of(dir), every, interval, capacity, replay, algorithm,
                seed, retain, versionPrefix, group, txId, metricsHost, port, learn, c.kafkaOverrides());
    }

    private static Algorithm algorithm(ServiceConfig c) {
        String name = c.string("METASTREAM_ALGORITHM", Algorithm.LORA_ML.name());
        try {
            return Algorithm.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            c.error("METASTREAM_ALGORITHM", "expected one of LORA_ML, SR, REPTILE, LAST_LAYER_ML, NONE, got '" + name
                    + "'");
            return Algorithm.LORA_ML;
        }
    }

    /** Flat key/values for the start log and for checkpoint provenance, secrets masked. */
    public Map<String, String> redacted() {
        Map<String, String> out = new TreeMap<>();
        out.put("METASTREAM_BOOTSTRAP_SERVERS", bootstrapServers);
        out.put("METASTREAM_TOPIC_PREFIX", topics.prefix());
        out.put("METASTREAM_ARTIFACT_DIR", artifactDir.toString());
        out.put("METASTREAM_ROUND_EVERY_TASKS", Integer.toString(roundEveryTasks));
        out.put("METASTREAM_ROUND_INTERVAL", roundInterval.toString());
        out.put("METASTREAM_POOL_CAPACITY", Integer.toString(poolCapacity));
        out.put("METASTREAM_REPLAY_TASKS", Integer.toString(replayTasks));
        out.put("METASTREAM_ALGORITHM", algorithm.name());
        out.put("METASTREAM_SEED", Long.toString(seed));
        out.put("METASTREAM_RETAIN_VERSIONS", Integer.toString(retainVersions));
        out.put("METASTREAM_VERSION_PREFIX", versionPrefix);
        out.put("METASTREAM_TRAINER_GROUP_ID", groupId);
        out.put("METASTREAM_TRANSACTIONAL_ID", transactionalId);
        out.put(ServiceConfig.METRICS_HOST, metricsHost);
        out.put("METASTREAM_METRICS_PORT", Integer.toString(metricsPort));
        learnOptions.forEach((k, v) -> out.put(k.equals("device") ? Devices.VARIABLE
                : LEARN_PREFIX + k.toUpperCase(Locale.ROOT), v));
        kafkaOverrides.forEach((k, v) -> out.put(ServiceConfig.KAFKA_PREFIX
                + k.toString().toUpperCase(Locale.ROOT).replace('.', '_'), v.toString()));
        return ServiceConfig.redact(out);
    }
}
