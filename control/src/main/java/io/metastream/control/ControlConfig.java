package io.metastream.control;

import io.metastream.domain.Topics;
import io.metastream.domain.paired.PromotionPolicy;
import io.metastream.runtime.ServiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.HashSet;
import java.util.regex.Pattern;

/**
 * The control service's configuration, read once from the environment (or a map in tests). Tokens never
 * appear in {@link #toString()}, {@link #redacted()} or error messages.
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>METASTREAM_BOOTSTRAP_SERVERS</td><td>required</td><td>Kafka bootstrap servers</td></tr>
 *   <tr><td>METASTREAM_TOPIC_PREFIX</td><td>metastream.</td><td>topic name prefix</td></tr>
 *   <tr><td>METASTREAM_ARTIFACT_DIR</td><td>required</td><td>artifact store root (holds {@code PRODUCTION})</td></tr>
 *   <tr><td>METASTREAM_CONTROL_TOKENS</td><td>required</td><td>{@code name=token} pairs separated by commas;
 *       the name is recorded as the actor; tokens of at least 16 characters</td></tr>
 *   <tr><td>METASTREAM_CONTROL_HOST</td><td>0.0.0.0</td><td>address the control API binds</td></tr>
 *   <tr><td>METASTREAM_CONTROL_PORT</td><td>8480</td><td>control API port (0 = any free port)</td></tr>
 *   <tr><td>METASTREAM_CONTROL_REQUEST_TIMEOUT</td><td>PT10S</td><td>a request's head and body must arrive
 *       within this time (else 408 and the connection is closed)</td></tr>
 *   <tr><td>METASTREAM_CONTROL_MAX_BODY_BYTES</td><td>65536</td><td>largest request body (413 beyond, unread)</td></tr>
 *   <tr><td>METASTREAM_PROMOTION_MARGIN</td><td>0.0</td><td>the paired 95% interval's lower end (candidate − production,
 *       or − base before the first promotion) must exceed it</td></tr>
 *   <tr><td>METASTREAM_PROMOTION_MAX_NEGATIVE_FLIP_RATE</td><td>0.10</td><td>largest share of queries the reference gets
 *       right and the candidate wrong</td></tr>
 *   <tr><td>METASTREAM_PROMOTION_MAX_PORTED_LOSS_SHARE</td><td>empty (off)</td><td>largest share of production's
 *       correct answers its kept per-persona adapters, ported as they are, may lose on a candidate; more is refused
 *       (a forced promotion with a reason still goes through)</td></tr>
 *   <tr><td>METASTREAM_GATE_MARGIN</td><td>retired</td><td>stops the service: use METASTREAM_PROMOTION_MARGIN</td></tr>
 *   <tr><td>METASTREAM_TRANSACTIONAL_ID</td><td>metastream-control</td><td>ledger producer transactional id</td></tr>
 *   <tr><td>METASTREAM_METRICS_HOST</td><td>127.0.0.1</td><td>ops server bind address</td></tr>
 *   <tr><td>METASTREAM_METRICS_PORT</td><td>9403</td><td>ops server port (0 = any free port)</td></tr>
 *   <tr><td>METASTREAM_KAFKA_*</td><td></td><td>extra Kafka client settings (e.g. SASL)</td></tr>
 * </table>
 */
public record ControlConfig(
        String bootstrapServers,
        Topics topics,
        Path artifactDir,
        Map<String, String> tokens,
        String host,
        int port,
        Duration requestTimeout,
        int maxBodyBytes,
        PromotionPolicy policy,
        String transactionalId,
        String metricsHost,
        int metricsPort,
        Properties kafkaOverrides) {

    public static final String TOKENS = "METASTREAM_CONTROL_TOKENS";
    public static final int MIN_TOKEN_LENGTH = 16;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    /** The promotion policy's margin. */
    public double margin() {
        return policy.margin();
    }

    public ControlConfig {
        tokens = Map.copyOf(tokens);
        Properties copy = new Properties();
        copy.putAll(kafkaOverrides);
        kafkaOverrides = copy;
    }

    /** Reads and validates; every problem is reported together in one {@code ServiceConfigException}. */
    public static ControlConfig fromMap(Map<String, String> env) {
        ServiceConfig c = new ServiceConfig(env);
        String servers = c.required("METASTREAM_BOOTSTRAP_SERVERS");
        String prefix = c.string("METASTREAM_TOPIC_PREFIX", Topics.DEFAULT.prefix());
        String dir = c.required("METASTREAM_ARTIFACT_DIR");
        Map<String, String> tokens = tokens(c, c.required(TOKENS));
        String host = c.string("METASTREAM_CONTROL_HOST", "0.0.0.0");
        int port = c.integer("METASTREAM_CONTROL_PORT", 8480, 0, 65_535);
        Duration requestTimeout = c.duration("METASTREAM_CONTROL_REQUEST_TIMEOUT", Duration.ofSeconds(10));
        if (requestTimeout.isZero() || requestTimeout.isNegative()) {
            c.error("METASTREAM_CONTROL_REQUEST_TIMEOUT", "must be positive, e.g. PT10S");
        }
        int maxBody = c.integer("METASTREAM_CONTROL_MAX_BODY_BYTES", 64 * 1024, 256, 16 * 1024 * 1024);
        c.retired("METASTREAM_GATE_MARGIN", "the one promotion policy reads METASTREAM_PROMOTION_MARGIN and "
                + "METASTREAM_PROMOTION_MAX_NEGATIVE_FLIP_RATE, in the evaluator and the control service alike");
        PromotionPolicy policy = PromotionPolicy.read(c::decimal);
        String txId = c.string("METASTREAM_TRANSACTIONAL_ID", "metastream-control");
        String metricsHost = c.metricsHost();
        int metricsPort = c.integer("METASTREAM_METRICS_PORT", 9403, 0, 65_535);
        if (port != 0 && port == metricsPort) {
            c.error("METASTREAM_CONTROL_PORT", "must differ from METASTREAM_METRICS_PORT (" + metricsPort + ")");
        }
        c.validate();
        return new ControlConfig(servers, new Topics(prefix), Path.of(dir), tokens, host, port, requestTimeout,
                maxBody, policy, txId,
                metricsHost, metricsPort, c.kafkaOverrides());
    }

    /** Parses {@code alice=token1,bob=token2}; errors name the entry by position or name, never the token. */
    static Map<String, String> tokens(ServiceConfig c, String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return out; // already reported as required
        }
        Set<String> seen = new HashSet<>();
        String[] entries = text.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                c.error(TOKENS, "entry " + (i + 1) + " is not name=token");
                continue;
            }
            String name = entry.substring(0, eq).strip();
            String token = entry.substring(eq + 1).strip();
            if (!NAME.matcher(name).matches()) {
                c.error(TOKENS, "entry " + (i + 1) + ": name must be letters, digits, '.', '_', '@' or '-' (at most 64)");
            } else if (out.containsKey(name)) {
                c.error(TOKENS, "name " + name + " appears twice");
            } else if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(Character::isWhitespace)) {
                c.error(TOKENS, "token of " + name + " must be at least " + MIN_TOKEN_LENGTH
                        + " characters without spaces (e.g. openssl rand -hex 32)");
            } else if (!seen.add(token)) {
                c.error(TOKENS, "token of " + name + " is also another name's token; give each operator their own");
            } else {
                out.put(name, token);
            }
        }
        return out;
    }

    /** Flat key/values for the start log: token values and Kafka secrets masked, token names shown. */
    public Map<String, String> redacted() {
        Map<String, String> plain = new TreeMap<>();
        plain.put("METASTREAM_BOOTSTRAP_SERVERS", bootstrapServers);
        plain.put("METASTREAM_TOPIC_PREFIX", topics.prefix());
        plain.put("METASTREAM_ARTIFACT_DIR", artifactDir.toString());
        plain.put("METASTREAM_CONTROL_HOST", host);
        plain.put("METASTREAM_CONTROL_PORT", Integer.toString(port));
        plain.put("METASTREAM_CONTROL_REQUEST_TIMEOUT", requestTimeout.toString());
        plain.put("METASTREAM_CONTROL_MAX_BODY_BYTES", Integer.toString(maxBodyBytes));
        plain.putAll(policy.settings());
        plain.put("METASTREAM_TRANSACTIONAL_ID", transactionalId);
        plain.put(ServiceConfig.METRICS_HOST, metricsHost);
        plain.put("METASTREAM_METRICS_PORT", Integer.toString(metricsPort));
        kafkaOverrides.forEach((k, v) -> plain.put(ServiceConfig.KAFKA_PREFIX
                + k.toString().toUpperCase(java.util.Locale.ROOT).replace('.', '_'), v.toString()));
        Map<String, String> out = new TreeMap<>(ServiceConfig.redact(plain));
        StringBuilder names = new StringBuilder();
        new TreeMap<>(tokens).keySet().forEach(n -> names.append(names.length() == 0 ? "" : ",").append(n).append("=***"));
        out.put(TOKENS, names.toString());
        return out;
    }

    @Override
    public String toString() {
        return "ControlConfig" + redacted();
    }
}
