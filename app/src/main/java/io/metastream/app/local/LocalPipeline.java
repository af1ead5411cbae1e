package io.metastream.app.local;

import io.metastream.broker.BrokerConfig;
import io.metastream.broker.LocalBroker;
import io.metastream.control.ControlApp;
import io.metastream.control.client.ControlClient;
import io.metastream.domain.Algorithm;
import io.metastream.domain.Topics;
import io.metastream.ingest.IngestApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whole pipeline on one machine: a real single-node KRaft broker, ingest and control in this JVM, one
 * trainer per algorithm and the evaluator each in their own JVM (DJL's gradient collector is
 * process-global). The same wiring serves {@code metastream demo} and the end-to-end test.
 */
public final class LocalPipeline implements AutoCloseable {
    public static final Topics TOPICS = Topics.DEFAULT;

    private final PipelineSettings settings;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<Algorithm, ChildService> trainers = new LinkedHashMap<>();
    private final Map<String, Integer> metricsPorts = new LinkedHashMap<>();
    private LocalBroker broker;
    private IngestApp.Running ingest;
    private ControlApp control;
    private ChildService evaluator;
    private String token;
    private int nextPort;

    private LocalPipeline(PipelineSettings settings) {
        this.settings = settings;
        this.nextPort = settings.metricsPortBase();
    }

    /** Starts everything; on failure stops what was started and rethrows. */
    public static LocalPipeline start(PipelineSettings settings) throws IOException {
        LocalPipeline p = new LocalPipeline(settings);
        try {
            p.startAll();
            return p;
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private void startAll() throws IOException {
        Path work = settings.workDir();
        Files.createDirectories(work);
        broker = LocalBroker.start(BrokerConfig.builder().setDataDir(work.resolve("kafka")).build());
        closeables.add(broker);
        createTopics();
        Files.createDirectories(artifactDir());

        ingest = IngestApp.run(ingestEnv());
        closeables.add(ingest);
        metricsPorts.put("ingest", ingest.opsPort());

        token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Map<String, String> controlEnv = common();
        controlEnv.put("METASTREAM_CONTROL_TOKENS", "demo=" + token);
        controlEnv.put("METASTREAM_CONTROL_HOST", "127.0.0.1");
        controlEnv.put("METASTREAM_CONTROL_PORT", "0");
        controlEnv.put("METASTREAM_METRICS_PORT", Integer.toString(port()));
        policy(controlEnv);
        control = ControlApp.run(controlEnv);
        closeables.add(control);
        metricsPorts.put("control", control.metricsPort());

        evaluator = ChildService.start("evaluator", "evaluator", evaluatorEnv(), logDir(), settings.childJvmOptions());
        closeables.add(evaluator);
        for (Algorithm a : settings.algorithms()) {
            String name = "trainer-" + PipelineSettings.versionPrefix(a).replaceAll("-$", "");
            ChildService t = ChildService.start(name, "trainer", trainerEnv(a), logDir(), settings.childJvmOptions());
            trainers.put(a, t);
            closeables.add(t);
        }
    }

    private void createTopics() {
        for (String t : TOPICS.all()) {
            boolean single = t.equals(TOPICS.checkpoints()) || t.equals(TOPICS.evaluations())
                    || t.equals(TOPICS.promotionLedger()) || t.equals(TOPICS.productionPointer())
                    || t.equals(TOPICS.rejected());
            broker.createTopic(t, single ? 1 : 3, TOPICS.compacted().contains(t));
        }
    }

    private int port() {
        if (settings.metricsPortBase() > 0) {
            return nextPort++;
        }
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for a metrics endpoint", e);
        }
    }

    private Map<String, String> common() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("METASTREAM_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("METASTREAM_TOPIC_PREFIX", TOPICS.prefix());
        env.put("METASTREAM_ARTIFACT_DIR", artifactDir().toString());
        env.put("METASTREAM_SEED", Long.toString(settings.seed()));
        env.put("METASTREAM_METRICS_HOST", "127.0.0.1"); // local mode: metrics for this machine only
        return env;
    }

    /** The one promotion policy's knobs, the same for the evaluator's verdicts and the control service. */
    private void policy(Map<String, String> env) {
        env.putAll(settings.policy().settings());
    }

    private Map<String, String> ingestEnv() {
        Map<String, String> env = common();
        env.put("METASTREAM_HELD_OUT_FRACTION", Double.toString(settings.heldOutFraction()));
        env.put("METASTREAM_MIN_SUPPORT", Integer.toString(settings.minSupport()));
        env.put("METASTREAM_MIN_QUERY", Integer.toString(settings.minQuery()));
        env.put("METASTREAM_STATE_DIR", settings.workDir().resolve("ingest-state").toString());
        env.put("METASTREAM_REPLICATION_FACTOR", "1");
        // a wave of conversations lands within a second or two: publish each task once per wave, not per example
        env.put("METASTREAM_EMIT_INTERVAL", "PT3S");
        env.put("METASTREAM_METRICS_PORT", Integer.toString(port()));
        return env;
    }

    private Map<String, String> evaluatorEnv() {
        Map<String, String> env = common();
        env.put("METASTREAM_EVAL_PERSONAS", Integer.toString(settings.evalPersonas()));
        env.put("METASTREAM_EVAL_SEEDS", "1");
        policy(env);
        if (settings.baseReferenceDir() != null) {
            env.put("METASTREAM_EVAL_BASE_DIR", settings.baseReferenceDir().toString());
        }
        int port = port();
        env.put("METASTREAM_METRICS_PORT", Integer.toString(port));
        metricsPorts.put("evaluator", port);
        learn(env, settings.evaluatorOptions());
        return env;
    }

    private Map<String, String> trainerEnv(Algorithm a) {
        String prefix = PipelineSettings.versionPrefix(a);
        String id = "metastream-trainer-" + prefix.replaceAll("-$", "");
        Map<String, String> env = common();
        env.put("METASTREAM_ALGORITHM", a.name());
        env.put("METASTREAM_VERSION_PREFIX", prefix);
        env.put("METASTREAM_TRAINER_GROUP_ID", id);
        env.put("METASTREAM_TRANSACTIONAL_ID", id);
        env.put("METASTREAM_ROUND_EVERY_TASKS", Integer.toString(settings.roundEveryTasks()));
        env.put("METASTREAM_ROUND_INTERVAL", "PT30M");
        int port = port();
        env.put("METASTREAM_METRICS_PORT", Integer.toString(port));
        metricsPorts.put(id.replace("metastream-", ""), port);
        learn(env, settings.trainerOptions());
        return env;
    }

    private static void learn(Map<String, String> env, Map<String, String> options) {
        options.forEach((k, v) -> env.put("METASTREAM_LEARN_" + k.toUpperCase(Locale.ROOT), v));
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public Path artifactDir() {
        return settings.workDir().resolve("artifacts");
    }

    public Path logDir() {
        return settings.workDir().resolve("logs");
    }

    /** A client of the control API authenticated as the {@code demo} operator. */
    public ControlClient controlClient() {
        return new ControlClient(URI.create("http://127.0.0.1:" + control.apiPort()), token);
    }

    public URI controlUri() {
        return URI.create("http://127.0.0.1:" + control.apiPort());
    }

    public String controlToken() {
        return token;
    }

    public Map<String, Integer> metricsPorts() {
        return Map.copyOf(metricsPorts);
    }

    public Map<Algorithm, ChildService> trainers() {
        return Map.copyOf(trainers);
    }

    public ChildService evaluator() {
        return evaluator;
    }

    /** A child that died on its own is a failure worth reporting with its log. */
    public void checkChildren() {
        List<ChildService> all = new ArrayList<>(trainers.values());
        all.add(evaluator);
        for (ChildService c : all) {
            if (!c.alive()) {
                throw new IllegalStateException(c.name() + " stopped unexpectedly; its log " + c.log() + " ends with:"
                        + System.lineSeparator() + c.tail(15));
            }
        }
    }

    /** Stops everything in reverse start order; safe to call twice. */
    @Override
    public synchronized void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                System.err.println("metastream: while stopping: " + e.getMessage());
            }
        }
        closeables.clear();
    }
}
