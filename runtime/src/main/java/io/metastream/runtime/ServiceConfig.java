package io.metastream.runtime;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a service's configuration once from a {@code Map} (the environment in production, a literal in
 * tests) into typed values. Problems do not throw one by one: each getter records its error, returns a
 * harmless placeholder, and {@link #validate()} throws them all together.
 *
 * <pre>{@code
 * ServiceConfig c = new ServiceConfig(System.getenv());
 * String servers = c.required("METASTREAM_BOOTSTRAP_SERVERS");
 * int port = c.integer("METASTREAM_METRICS_PORT", 9400, 0, 65535);
 * c.validate();
 * }</pre>
 */
public final class ServiceConfig {
    /** Prefix of pass-through Kafka client settings: {@code METASTREAM_KAFKA_SASL_MECHANISM} → {@code sasl.mechanism}. */
    public static final String KAFKA_PREFIX = "METASTREAM_KAFKA_";
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(TOKEN|PASSWORD|SECRET|JAAS|CREDENTIAL).*");
    private static final String MASK = "***";

    private final Map<String, String> source;
    private final List<String> errors = new ArrayList<>();

    public ServiceConfig(Map<String, String> source) {
        if (source == null) {
            throw new IllegalArgumentException("configuration source map is required (pass System.getenv())");
        }
        this.source = Map.copyOf(source);
    }

    /** A non-blank value, or an error {@code NAME: required}. */
    public String required(String name) {
        String value = raw(name);
        if (value == null) {
            errors.add(name + ": required");
            return "";
        }
        return value;
    }

    /** The value, or the default when absent or blank. */
    public String string(String name, String defaultValue) {
        String value = raw(name);
        return value == null ? defaultValue : value;
    }

    public int integer(String name, int defaultValue, int min, int max) {
        String value = raw(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            return inRange(name, parsed, min, max) ? parsed : defaultValue;
        } catch (NumberFormatException e) {
            errors.add(name + ": expected an integer, got '" + value + "'");
            return defaultValue;
        }
    }

    public double decimal(String name, double defaultValue, double min, double max) {
        String value = raw(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (!Double.isFinite(parsed) || parsed < min || parsed > max) {
                errors.add(name + ": must be in [" + min + ", " + max + "], got " + value);
                return defaultValue;
            }
            return parsed;
        } catch (NumberFormatException e) {
            errors.add(name + ": expected a number, got '" + value + "'");
            return defaultValue;
        }
    }

    public boolean bool(String name, boolean defaultValue) {
        String value = raw(name);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> {
                errors.add(name + ": expected true or false, got '" + value + "'");
                yield defaultValue;
            }
        };
    }

    /** A whole number of any size (seeds). */
    public long longValue(String name, long defaultValue) {
        String value = raw(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            errors.add(name + ": expected an integer, got '" + value + "'");
            return defaultValue;
        }
    }

    /**
     * Options passed through to a core under a prefix: {@code METASTREAM_LEARN_MAX_STEPS} with prefix
     * {@code METASTREAM_LEARN_} becomes {@code max_steps} (lower case, underscores kept, value trimmed).
     */
    public Map<String, String> options(String prefix) {
        Map<String, String> out = new TreeMap<>();
        source.forEach((name, value) -> {
            if (name.startsWith(prefix) && name.length() > prefix.length() && value != null && !value.isBlank()) {
                out.put(name.substring(prefix.length()).toLowerCase(Locale.ROOT), value.trim());
            }
        });
        return out;
    }

    /** The variable naming the address every service's ops server ({@code /metrics}, {@code /health/*}) binds. */
    public static final String METRICS_HOST = "METASTREAM_METRICS_HOST";
    /** Loopback unless told otherwise: metrics and probes are not for the outside world by accident. */
    public static final String DEFAULT_METRICS_HOST = "127.0.0.1";

    /**
     * {@value #METRICS_HOST}: the ops server's bind address; default {@value #DEFAULT_METRICS_HOST} (Kubernetes
     * manifests set {@code 0.0.0.0} so the kubelet and Prometheus reach the pod).
     */
    public String metricsHost() {
        String host = string(METRICS_HOST, DEFAULT_METRICS_HOST);
        if (!host.matches("[A-Za-z0-9.:\\[\\]-]{1,253}")) {
            errors.add(METRICS_HOST + ": expected a host name or IP address such as 127.0.0.1 or 0.0.0.0");
            return DEFAULT_METRICS_HOST;
        }
        return host;
    }

    /** An ISO-8601 duration ({@code PT30S}) or a plain number of seconds. */
    public Duration duration(String name, Duration defaultValue) {
        String value = raw(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            Duration parsed = value.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(value)) : Duration.parse(value);
            if (parsed.isNegative()) {
                errors.add(name + ": must not be negative, got " + value);
                return defaultValue;
            }
            return parsed;
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            errors.add(name + ": expected an ISO-8601 duration like PT30S or seconds, got '" + value + "'");
            return defaultValue;
        }
    }

    /** An error when a retired variable is still set, naming what replaces it (a silent ignore would mislead). */
    public void retired(String name, String replacement) {
        if (raw(name) != null) {
            errors.add(name + ": is retired and no longer read; " + replacement);
        }
    }

    /** Records a cross-field problem found by the caller, under the variable it concerns. */
    public void error(String name, String problem) {
        errors.add(name + ": " + problem);
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** Throws every recorded problem together; a no-op when there are none. */
    public void validate() {
        if (!errors.isEmpty()) {
            throw new ServiceConfigException(errors);
        }
    }

    /**
     * Pass-through Kafka client settings: every {@code METASTREAM_KAFKA_X_Y} becomes {@code x.y}. Lets an
     * operator add security settings (SASL, TLS) without a code change.
     */
    public Properties kafkaOverrides() {
        Properties props = new Properties();
        source.forEach((name, value) -> {
            if (name.startsWith(KAFKA_PREFIX) && name.length() > KAFKA_PREFIX.length() && !value.isBlank()) {
                String key = name.substring(KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                props.setProperty(key, value);
            }
        });
        return props;
    }

    /** Whether a variable's value must never be logged. */
    public static boolean isSecret(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    /** A sorted copy for logging at start, with secret values replaced by {@code ***}. */
    public static Map<String, String> redact(Map<String, String> values) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, isSecret(k) ? MASK : v));
        return out;
    }

    private String raw(String name) {
        String value = source.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private boolean inRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            errors.add(name + ": must be in [" + min + ", " + max + "], got " + value);
            return false;
        }
        return true;
    }
}
