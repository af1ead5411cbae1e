package io.metastream.ingest;

import io.metastream.domain.Topics;
import io.metastream.runtime.ServiceConfig;
import io.metastream.runtime.ServiceConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The ingest service's configuration, read once from the environment ({@link #fromEnv}).
 *
 * @param bootstrapServers   {@code METASTREAM_BOOTSTRAP_SERVERS} (required)
 * @param applicationId      {@code METASTREAM_INGEST_APPLICATION_ID}: Kafka Streams application id (consumer
 *                           group, internal topic prefix); default {@code metastream-ingest}
 * @param topicPrefix        {@code METASTREAM_TOPIC_PREFIX}: prefix of every topic; default {@code metastream.}
 * @param heldOutFraction    {@code METASTREAM_HELD_OUT_FRACTION}: share of personas held out; default 0.2
 * @param splitSalt          {@code METASTREAM_SPLIT_SALT}: salt of the persona split and example hashes
 * @param minSupport         {@code METASTREAM_MIN_SUPPORT}: support examples before a task is emitted; default 8
 * @param minQuery           {@code METASTREAM_MIN_QUERY}: query examples before a task is emitted; default 4
 * @param queryFraction      {@code METASTREAM_QUERY_FRACTION}: share of examples assigned to query; default 0.25
 * @param maxExamplesPerTask {@code METASTREAM_MAX_EXAMPLES_PER_TASK}: cap on support + query; default 256
 * @param maxRecordBytes     {@code METASTREAM_MAX_RECORD_BYTES}: bigger records are rejected; default 16384
 * @param maxContextBytes    {@code METASTREAM_MAX_CONTEXT_BYTES}: an example's context is cut to its most recent
 *                           turns within this many UTF-8 bytes (the query turn always stays); default 4096
 * @param maxTaskBytes       {@code METASTREAM_MAX_TASK_BYTES}: a task revision's JSON never exceeds this (it must
 *                           fit the topic's max message size); default 524288
 * @param emitInterval       {@code METASTREAM_EMIT_INTERVAL}: changed tasks are published at most once per this
 *                           interval (ISO-8601 or seconds); 0 = after every example; default PT1S
 * @param heldOutTopic       {@code METASTREAM_HELD_OUT_TOPIC}: if set, held-out tasks go to this topic instead
 *                           of the catalogue's held-out-tasks topic (which only the evaluator reads)
 * @param stateDir           {@code METASTREAM_STATE_DIR}: Kafka Streams state directory
 * @param metricsHost        {@code METASTREAM_METRICS_HOST}: ops HTTP bind address; default 127.0.0.1
 * @param metricsPort        {@code METASTREAM_METRICS_PORT}: ops HTTP port (0 = any free); default 9401
 * @param replicationFactor  {@code METASTREAM_REPLICATION_FACTOR}: of internal topics; -1 = broker default
 * @param streamThreads      {@code METASTREAM_INGEST_THREADS}: stream threads; default 1
 * @param kafkaOverrides     every {@code METASTREAM_KAFKA_X_Y} as {@code x.y} (security settings and tuning)
 */
public record IngestConfig(
        String bootstrapServers,
        String applicationId,
        String topicPrefix,
        double heldOutFraction,
        String splitSalt,
        int minSupport,
        int minQuery,
        double queryFraction,
        int maxExamplesPerTask,
        int maxRecordBytes,
        int maxContextBytes,
        int maxTaskBytes,
        Duration emitInterval,
        Optional<String> heldOutTopic,
        Path stateDir,
        String metricsHost,
        int metricsPort,
        int replicationFactor,
        int streamThreads,
        Map<String, String> kafkaOverrides) {

    public static final String BOOTSTRAP_SERVERS = "METASTREAM_BOOTSTRAP_SERVERS";
    public static final String APPLICATION_ID = "METASTREAM_INGEST_APPLICATION_ID";
    public static final String TOPIC_PREFIX = "METASTREAM_TOPIC_PREFIX";
    public static final String HELD_OUT_FRACTION = "METASTREAM_HELD_OUT_FRACTION";
    public static final String SPLIT_SALT = "METASTREAM_SPLIT_SALT";
    public static final String MIN_SUPPORT = "METASTREAM_MIN_SUPPORT";
    public static final String MIN_QUERY = "METASTREAM_MIN_QUERY";
    public static final String QUERY_FRACTION = "METASTREAM_QUERY_FRACTION";
    public static final String MAX_EXAMPLES_PER_TASK = "METASTREAM_MAX_EXAMPLES_PER_TASK";
    public static final String MAX_RECORD_BYTES = "METASTREAM_MAX_RECORD_BYTES";
    public static final String MAX_CONTEXT_BYTES = "METASTREAM_MAX_CONTEXT_BYTES";
    public static final String MAX_TASK_BYTES = "METASTREAM_MAX_TASK_BYTES";
    public static final String EMIT_INTERVAL = "METASTREAM_EMIT_INTERVAL";
    public static final String HELD_OUT_TOPIC = "METASTREAM_HELD_OUT_TOPIC";
    public static final String STATE_DIR = "METASTREAM_STATE_DIR";
    public static final String METRICS_PORT = "METASTREAM_METRICS_PORT";
    public static final String REPLICATION_FACTOR = "METASTREAM_REPLICATION_FACTOR";
    public static final String STREAM_THREADS = "METASTREAM_INGEST_THREADS";

    public static final String DEFAULT_SALT = "metastream-split-v1";
    public static final int DEFAULT_METRICS_PORT = 9401;

    public IngestConfig {
        if (emitInterval == null || emitInterval.isNegative()) {
            throw new ServiceConfigException(List.of(EMIT_INTERVAL + ": must be zero or positive"));
        }
        heldOutTopic = heldOutTopic == null ? Optional.empty() : heldOutTopic.filter(t -> !t.isBlank());
        kafkaOverrides = kafkaOverrides == null ? Map.of() : Map.copyOf(kafkaOverrides);
        List<String> errors = problems(bootstrapServers, applicationId, topicPrefix, heldOutFraction, splitSalt,
                minSupport, minQuery, queryFraction, maxExamplesPerTask, maxRecordBytes, maxContextBytes, maxTaskBytes,
                stateDir, metricsPort, replicationFactor, streamThreads);
        if (!errors.isEmpty()) {
            throw new ServiceConfigException(errors);
        }
    }

    /** Reads the environment (or a literal map); throws every problem together, each naming its variable. */
    public static IngestConfig fromEnv(Map<String, String> env) {
        ServiceConfig c = new ServiceConfig(env);
        String servers = c.required(BOOTSTRAP_SERVERS);
        String appId = c.string(APPLICATION_ID, "metastream-ingest");
        String prefix = env.getOrDefault(TOPIC_PREFIX, Topics.DEFAULT.prefix()); // "" is a legal prefix
        double heldOut = c.decimal(HELD_OUT_FRACTION, 0.2, 0, 1);
        String salt = c.string(SPLIT_SALT, DEFAULT_SALT);
        int minSupport = c.integer(MIN_SUPPORT, 8, 1, 100_000);
        int minQuery = c.integer(MIN_QUERY, 4, 0, 100_000);
        double queryFraction = c.decimal(QUERY_FRACTION, 0.25, 0, 0.99);
        int maxExamples = c.integer(MAX_EXAMPLES_PER_TASK, 256, 1, 100_000);
        int maxBytes = c.integer(MAX_RECORD_BYTES, 16_384, 256, 1 << 24);
        int maxContext = c.integer(MAX_CONTEXT_BYTES, 4_096, 64, 1 << 24);
        int maxTask = c.integer(MAX_TASK_BYTES, 512 * 1_024, 8_192, 64 << 20);
        Duration emitInterval = c.duration(EMIT_INTERVAL, Duration.ofSeconds(1));
        Optional<String> heldOutTopic = Optional.ofNullable(env.get(HELD_OUT_TOPIC)).map(String::trim);
        Path stateDir = Path.of(c.string(STATE_DIR,
                Path.of(System.getProperty("java.io.tmpdir"), "metastream-ingest").toString()));
        String metricsHost = c.metricsHost();
        int port = c.integer(METRICS_PORT, DEFAULT_METRICS_PORT, 0, 65_535);
        int rf = c.integer(REPLICATION_FACTOR, -1, -1, 32);
        int threads = c.integer(STREAM_THREADS, 1, 1, 64);
        Map<String, String> overrides = new LinkedHashMap<>();
        c.kafkaOverrides().forEach((k, v) -> overrides.put((String) k, (String) v));
        List<String> errors = new ArrayList<>(c.errors());
        // Range errors were recorded above with the default substituted; add only the cross-field ones.
        errors.addAll(problems(servers.isEmpty() ? "unset" : servers, appId, prefix, heldOut, salt, minSupport,
                minQuery, queryFraction, maxExamples, maxBytes, maxContext, maxTask, stateDir, port, rf, threads));
        if (!errors.isEmpty()) {
            throw new ServiceConfigException(errors);
        }
        return new IngestConfig(servers, appId, prefix, heldOut, salt, minSupport, minQuery, queryFraction,
                maxExamples, maxBytes, maxContext, maxTask, emitInterval, heldOutTopic, stateDir, metricsHost, port, rf,
                threads, overrides);
    }

    private static List<String> problems(String servers, String appId, String prefix, double heldOut, String salt,
            int minSupport, int minQuery, double queryFraction, int maxExamples, int maxBytes, int maxContext,
            int maxTask, Path stateDir, int port, int rf, int threads) {
        List<String> errors = new ArrayList<>();
        check(errors, servers != null && !servers.isBlank(), BOOTSTRAP_SERVERS, "required");
        check(errors, appId != null && appId.matches("[a-zA-Z0-9._-]+"), APPLICATION_ID,
                "must be letters, digits, '.', '_' or '-' (it names the consumer group and internal topics)");
        check(errors, prefix != null && prefix.matches("[a-zA-Z0-9._-]*"), TOPIC_PREFIX,
                "must be letters, digits, '.', '_' or '-'");
        check(errors, heldOut >= 0 && heldOut <= 1, HELD_OUT_FRACTION, "must be in [0, 1]");
        check(errors, salt != null && !salt.isEmpty(), SPLIT_SALT, "must not be empty");
        check(errors, minSupport >= 1, MIN_SUPPORT, "must be >= 1");
        check(errors, minQuery >= 0, MIN_QUERY, "must be >= 0");
        check(errors, queryFraction >= 0 && queryFraction < 1, QUERY_FRACTION, "must be in [0, 1)");
        check(errors, !(queryFraction == 0 && minQuery > 0), MIN_QUERY,
                "is " + minQuery + " but " + QUERY_FRACTION + " is 0, so no task would ever be emitted");
        check(errors, maxExamples >= minSupport + minQuery, MAX_EXAMPLES_PER_TASK, "is " + maxExamples
                + ", below " + MIN_SUPPORT + " + " + MIN_QUERY + " = " + (minSupport + minQuery));
        check(errors, maxBytes >= 1, MAX_RECORD_BYTES, "must be positive");
        check(errors, maxContext >= 1, MAX_CONTEXT_BYTES, "must be positive");
        long needed = minTaskBytes(minSupport, minQuery, maxBytes);
        check(errors, maxTask >= needed, MAX_TASK_BYTES, "is " + maxTask + ", below the " + needed
                + " bytes that " + MIN_SUPPORT + " + " + MIN_QUERY + " examples of " + MAX_RECORD_BYTES
                + " may take, so a task might never be emitted");
        check(errors, stateDir != null, STATE_DIR, "required");
        check(errors, port >= 0 && port <= 65_535, METRICS_PORT, "must be in [0, 65535]");
        check(errors, rf == -1 || rf >= 1, REPLICATION_FACTOR, "must be -1 (broker default) or >= 1");
        check(errors, threads >= 1, STREAM_THREADS, "must be >= 1");
        return errors;
    }

    /** Room for the minimum task of largest examples, so a budget can never make a task impossible. */
    static long minTaskBytes(int minSupport, int minQuery, int maxRecordBytes) {
        return TaskAccumulator.ENVELOPE_BYTES + (long) (minSupport + minQuery)
                * (ExampleValidator.maxCanonicalBytes(maxRecordBytes) + TaskAccumulator.ENTRY_OVERHEAD_BYTES);
    }

    private static void check(List<String> errors, boolean ok, String name, String problem) {
        if (!ok) {
            errors.add(name + ": " + problem);
        }
    }

    public Topics topics() {
        return new Topics(topicPrefix);
    }

    /** Where held-out tasks are written: the dedicated topic if configured, else the persona-tasks topic. */
    public String heldOutTasksTopic() {
        return heldOutTopic.orElse(topics().heldOutTasks());
    }

    public TaskPolicy taskPolicy() {
        return new TaskPolicy(minSupport, minQuery, queryFraction, maxExamplesPerTask, maxTaskBytes, splitSalt);
    }

    public PersonaSplitter splitter() {
        return new PersonaSplitter(heldOutFraction, splitSalt);
    }

    /**
     * Kafka Streams settings: exactly-once v2, named application, state dir, replication of internal topics,
     * and the per-record error handlers.
     */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.putAll(kafkaOverrides);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        // One bad record is rejected with a reason and never stops a stream thread (see RejectingHandler).
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, RejectingHandler.class.getName());
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, RejectingHandler.class.getName());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, RejectingHandler.class.getName());
        p.put(RejectingHandler.REJECTED_TOPIC_CONFIG, topics().rejected());
        return p;
    }

    /** Admin client settings (readiness): the bootstrap servers and the Kafka overrides (security). */
    public Properties adminProperties() {
        Properties p = new Properties();
        p.putAll(kafkaOverrides);
        p.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(org.apache.kafka.clients.admin.AdminClientConfig.CLIENT_ID_CONFIG, applicationId + "-readiness");
        return p;
    }

    /** The settings as variable → value, for the start-up log; secrets masked. */
    public Map<String, String> redacted() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(BOOTSTRAP_SERVERS, bootstrapServers);
        m.put(APPLICATION_ID, applicationId);
        m.put(TOPIC_PREFIX, topicPrefix);
        m.put(HELD_OUT_FRACTION, Double.toString(heldOutFraction));
        m.put(SPLIT_SALT, splitSalt);
        m.put(MIN_SUPPORT, Integer.toString(minSupport));
        m.put(MIN_QUERY, Integer.toString(minQuery));
        m.put(QUERY_FRACTION, Double.toString(queryFraction));
        m.put(MAX_EXAMPLES_PER_TASK, Integer.toString(maxExamplesPerTask));
        m.put(MAX_RECORD_BYTES, Integer.toString(maxRecordBytes));
        m.put(MAX_CONTEXT_BYTES, Integer.toString(maxContextBytes));
        m.put(MAX_TASK_BYTES, Integer.toString(maxTaskBytes));
        m.put(EMIT_INTERVAL, emitInterval.toString());
        m.put(HELD_OUT_TOPIC, heldOutTopic.orElse(""));
        m.put(STATE_DIR, stateDir.toString());
        m.put(ServiceConfig.METRICS_HOST, metricsHost);
        m.put(METRICS_PORT, Integer.toString(metricsPort));
        m.put(REPLICATION_FACTOR, Integer.toString(replicationFactor));
        m.put(STREAM_THREADS, Integer.toString(streamThreads));
        kafkaOverrides.forEach((k, v) -> m.put(ServiceConfig.KAFKA_PREFIX + k.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), v));
        return ServiceConfig.redact(m);
    }
}
