package io.metastream.evaluator;

import io.metastream.domain.Topics;
import io.metastream.domain.paired.PromotionPolicy;
import io.metastream.learning.adapt.AdaptOptions;
import io.metastream.model.encoder.Devices;
import io.metastream.runtime.ServiceConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The evaluator's configuration, read once from the environment (or a map in tests).
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>METASTREAM_BOOTSTRAP_SERVERS</td><td>required</td><td>Kafka bootstrap servers</td></tr>
 *   <tr><td>METASTREAM_TOPIC_PREFIX</td><td>metastream.</td><td>topic name prefix</td></tr>
 *   <tr><td>METASTREAM_ARTIFACT_DIR</td><td>required</td><td>artifact store root (read; PRODUCTION marker)</td></tr>
 *   <tr><td>METASTREAM_EVALSET_DIR</td><td>the artifact dir</td><td>where the frozen evaluation set lives</td></tr>
 *   <tr><td>METASTREAM_EVAL_BASE_DIR</td><td>none</td><td>pretrained base (Hugging Face layout) evaluated once as
 *       the reference version {@code base}</td></tr>
 *   <tr><td>METASTREAM_EVAL_PERSONAS</td><td>32</td><td>held-out personas in the evaluation set (powered: a paired
 *       difference's standard error about 2.5 points or less on ConvAI2-like data)</td></tr>
 *   <tr><td>METASTREAM_EVAL_SEEDS</td><td>1</td><td>seeds the protocol is repeated with</td></tr>
 *   <tr><td>METASTREAM_SEED</td><td>42</td><td>first seed (then seed+1, …)</td></tr>
 *   <tr><td>METASTREAM_PROMOTION_MARGIN</td><td>0.0</td><td>the paired 95% interval's lower end against production
 *       (or base) must exceed it to pass; the same variable the control service decides with</td></tr>
 *   <tr><td>METASTREAM_PROMOTION_MAX_NEGATIVE_FLIP_RATE</td><td>0.10</td><td>largest share of queries production gets
 *       right and the candidate wrong</td></tr>
 *   <tr><td>METASTREAM_PROMOTION_MAX_PORTED_LOSS_SHARE</td><td>empty (off)</td><td>largest share of production's
 *       correct answers its kept per-persona adapters, ported as they are, may lose on a candidate; more is refused
 *       (a forced promotion with a reason still goes through)</td></tr>
 *   <tr><td>METASTREAM_GATE_MARGIN</td><td>retired</td><td>stops the service: use METASTREAM_PROMOTION_MARGIN</td></tr>
 *   <tr><td>METASTREAM_EVALUATOR_GROUP_ID</td><td>metastream-evaluator</td><td>consumer group</td></tr>
 *   <tr><td>METASTREAM_TRANSACTIONAL_ID</td><td>metastream-evaluator</td><td>producer transactional id</td></tr>
 *   <tr><td>METASTREAM_METRICS_HOST</td><td>127.0.0.1</td><td>ops server bind address</td></tr>
 *   <tr><td>METASTREAM_METRICS_PORT</td><td>9402</td><td>ops server port (0 = any free port)</td></tr>
 *   <tr><td>METASTREAM_EVALUATOR_KEEP_ADAPTERS</td><td>4</td><td>per-persona adapter sets kept in
 *       {@code <artifact dir>/.adapters/} for the newest evaluated versions, besides production's (each
 *       evaluation keeps the adapters its first seed trained, so a later candidate can be scored with them)</td></tr>
 *   <tr><td>METASTREAM_DEVICE</td><td>auto</td><td>where the arrays live: auto | cpu | gpu[:N]</td></tr>
 *   <tr><td>METASTREAM_LEARN_*</td><td></td><td>protocol options, e.g. METASTREAM_LEARN_STEPS → {@code steps} (see
 *       AdaptOptions); checked at start</td></tr>
 *   <tr><td>METASTREAM_KAFKA_*</td><td></td><td>extra Kafka client settings (e.g. SASL)</td></tr>
 * </table>
 */
public record EvaluatorConfig(
        String bootstrapServers,
        Topics topics,
        Path artifactDir,
        Path evalSetDir,
        Optional<Path> baseDir,
        int evalPersonas,
        List<Long> seeds,
        PromotionPolicy policy,
        String groupId,
        String transactionalId,
        String metricsHost,
        int metricsPort,
        int keepAdapters,
        Map<String, String> learnOptions,
        Properties kafkaOverrides) {

    public static final String LEARN_PREFIX = "METASTREAM_LEARN_";
    /**
     * Personas of the frozen set, sized so the paired standard error of a difference is about 2.5 points or
     * less on ConvAI2-like data. ConvAI2 valid has about 78 examples (10 dialogues) per persona, so ingest's
     * 25% query share by dialogue leaves n ≈ 20 query examples. A persona's paired difference d_p averages
     * n per-query differences in {-1, 0, 1} whose variance is at most the disagreement rate D (share of
     * queries the two versions answer differently); successive versions disagree on 10–30% of queries, so
     * sd(d_p) ≤ sqrt(0.3 / 20) ≈ 0.12, plus the spread of the true per-persona effect (≈ 0.05): ≈ 0.13.
     * s.e. = sd(d_p) / sqrt(P) = 0.13 / sqrt(32) ≈ 0.023. (The unpaired s.e. of one mean at P = 8 was 7–13
     * points.) The stream must bring this many held-out personas (ConvAI2 valid alone holds 20 at the default
     * held-out share of 0.2).
     */
    public static final int DEFAULT_EVAL_PERSONAS = 32;
    /** Kept adapter sets of the newest evaluated versions (production's is always kept besides). */
    public static final int DEFAULT_KEEP_ADAPTERS = 4;

    public EvaluatorConfig {
        seeds = List.copyOf(seeds);
        baseDir = baseDir == null ? Optional.empty() : baseDir;
        learnOptions = Map.copyOf(learnOptions);
        Properties copy = new Properties();
        copy.putAll(kafkaOverrides);
        kafkaOverrides = copy;
    }

    /** Reads and validates; every problem is reported together in one {@code ServiceConfigException}. */
    public static EvaluatorConfig fromMap(Map<String, String> env) {
        ServiceConfig c = new ServiceConfig(env);
        String servers = c.required("METASTREAM_BOOTSTRAP_SERVERS");
        String prefix = c.string("METASTREAM_TOPIC_PREFIX", Topics.DEFAULT.prefix());
        String dir = c.required("METASTREAM_ARTIFACT_DIR");
        String evalDir = c.string("METASTREAM_EVALSET_DIR", dir);
        String base = c.string("METASTREAM_EVAL_BASE_DIR", null);
        if (base != null && !java.nio.file.Files.isDirectory(Path.of(base))) {
            c.error("METASTREAM_EVAL_BASE_DIR", "not a directory: " + base);
        }
        int personas = c.integer("METASTREAM_EVAL_PERSONAS", DEFAULT_EVAL_PERSONAS, 1, 100_000);
        int seedCount = c.integer("METASTREAM_EVAL_SEEDS", 1, 1, 1_000);
        long firstSeed = c.longValue("METASTREAM_SEED", 42);
        c.retired("METASTREAM_GATE_MARGIN", "the one promotion policy reads METASTREAM_PROMOTION_MARGIN (the paired "
                + "95% interval's lower end must exceed it) and METASTREAM_PROMOTION_MAX_NEGATIVE_FLIP_RATE, in the "
                + "evaluator and the control service alike");
        PromotionPolicy policy = PromotionPolicy.read(c::decimal);
        String group = c.string("METASTREAM_EVALUATOR_GROUP_ID", "metastream-evaluator");
        String txId = c.string("METASTREAM_TRANSACTIONAL_ID", "metastream-evaluator");
        String metricsHost = c.metricsHost();
        int port = c.integer("METASTREAM_METRICS_PORT", 9402, 0, 65_535);
        int keepAdapters = c.integer("METASTREAM_EVALUATOR_KEEP_ADAPTERS", DEFAULT_KEEP_ADAPTERS, 1, 1_000);
        String device = c.string(Devices.VARIABLE, "auto");
        Devices.problem(device).ifPresent(p -> c.error(Devices.VARIABLE, p));
        Map<String, String> learn = Devices.withDevice(c.options(LEARN_PREFIX), device);
        try {
            AdaptOptions.parse(learn); // a bad protocol option stops the start, not every evaluation
        } catch (IllegalArgumentException e) {
            c.error(LEARN_PREFIX + "*", e.getMessage());
        }
        c.validate();
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < seedCount; i++) {
            seeds.add(firstSeed + i);
        }
        return new EvaluatorConfig(servers, new Topics(prefix), Path.of(dir), Path.of(evalDir),
                Optional.ofNullable(base).map(Path::of), personas, seeds, policy,
                group, txId, metricsHost, port, keepAdapters, learn, c.kafkaOverrides());
    }

    /** Flat key/values for the start log, secrets masked. */
    public Map<String, String> redacted() {
        Map<String, String> out = new TreeMap<>();
        out.put("METASTREAM_BOOTSTRAP_SERVERS", bootstrapServers);
        out.put("METASTREAM_TOPIC_PREFIX", topics.prefix());
        out.put("METASTREAM_ARTIFACT_DIR", artifactDir.toString());
        out.put("METASTREAM_EVALSET_DIR", evalSetDir.toString());
        baseDir.ifPresent(b -> out.put("METASTREAM_EVAL_BASE_DIR", b.toString()));
        out.put("METASTREAM_EVAL_PERSONAS", Integer.toString(evalPersonas));
        out.put("METASTREAM_EVAL_SEEDS", Integer.toString(seeds.size()));
        out.put("METASTREAM_SEED", Long.toString(seeds.get(0)));
        out.putAll(policy.settings());
        out.put("METASTREAM_EVALUATOR_GROUP_ID", groupId);
        out.put("METASTREAM_TRANSACTIONAL_ID", transactionalId);
        out.put(ServiceConfig.METRICS_HOST, metricsHost);
        out.put("METASTREAM_METRICS_PORT", Integer.toString(metricsPort));
        out.put("METASTREAM_EVALUATOR_KEEP_ADAPTERS", Integer.toString(keepAdapters));
        learnOptions.forEach((k, v) -> out.put(k.equals("device") ? Devices.VARIABLE
                : LEARN_PREFIX + k.toUpperCase(Locale.ROOT), v));
        kafkaOverrides.forEach((k, v) -> out.put(ServiceConfig.KAFKA_PREFIX
                + k.toString().toUpperCase(Locale.ROOT).replace('.', '_'), v.toString()));
        return ServiceConfig.redact(out);
    }
}
