package io.metastream.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operations endpoint every service exposes: {@code /metrics} (Prometheus text format),
 * {@code /health/live} and {@code /health/ready} (200 when true, 503 otherwise) for Kubernetes probes.
 * Uses the JDK's HTTP server to avoid a web framework for three tiny routes.
 */
public final class OpsServer implements AutoCloseable {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final BooleanSupplier readiness;

    private OpsServer(Builder b) throws IOException {
        server = HttpServer.create(new InetSocketAddress(b.host, b.port), 0);
        readiness = b.readiness;
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ops-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        PrometheusMeterRegistry registry = b.registry;
        server.createContext("/metrics", ex -> respond(ex, 200, PROMETHEUS_TEXT, registry::scrape));
        server.createContext("/health/live", ex -> health(ex, b.liveness));
        server.createContext("/health/ready", ex -> health(ex, b.readiness));
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What {@code /health/ready} answers now. */
    public boolean ready() {
        try {
            return readiness.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The bound address. */
    public java.net.InetAddress address() {
        return server.getAddress().getAddress();
    }

    /** The bound port (useful when 0 asked for any free port). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void health(HttpExchange ex, BooleanSupplier check) throws IOException {
        boolean ok;
        try {
            ok = check.getAsBoolean();
        } catch (RuntimeException e) {
            ok = false; // a probe that throws means "not healthy", never a 500 that hides the state
        }
        respond(ex, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? () -> "UP\n" : () -> "DOWN\n");
    }

    private static void respond(HttpExchange ex, int status, String type, Supplier<String> body) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            if ("HEAD".equals(method)) {
                ex.sendResponseHeaders(status, -1);
                return;
            }
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** {@code setRegistry} is required; port defaults to 0 (any free port), probes default to "always up". */
    public static final class Builder {
        private PrometheusMeterRegistry registry;
        private String host = ServiceConfig.DEFAULT_METRICS_HOST;
        private int port;
        private BooleanSupplier readiness = () -> true;
        private BooleanSupplier liveness = () -> true;

        private Builder() {
        }

        public Builder setRegistry(PrometheusMeterRegistry registry) {
            this.registry = registry;
            return this;
        }

        public Builder optPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be in [0, 65535] (0 = any free port), got " + port);
            }
            this.port = port;
            return this;
        }

        /** Bind address; loopback by default ({@code METASTREAM_METRICS_HOST}; {@code 0.0.0.0} in Kubernetes). */
        public Builder optHost(String host) {
            this.host = host;
            return this;
        }

        public Builder optReadiness(BooleanSupplier readiness) {
            this.readiness = readiness;
            return this;
        }

        public Builder optLiveness(BooleanSupplier liveness) {
            this.liveness = liveness;
            return this;
        }

        public OpsServer start() {
            if (registry == null) {
                throw new IllegalStateException("setRegistry is required: pass Metrics.newRegistry(serviceName)");
            }
            try {
                return new OpsServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the ops HTTP server on " + host + ":" + port
                        + " (is the port in use? set the metrics port variable or 0 for any free port)", e);
            }
        }
    }
}
