package io.metastream.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpsServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicBoolean ready = new AtomicBoolean(false);
    private PrometheusMeterRegistry registry;
    private OpsServer server;

    @BeforeEach
    void start() {
        registry = Metrics.newRegistry("test-service");
        server = OpsServer.builder().setRegistry(registry).optHost("127.0.0.1").optPort(0)
                .optReadiness(ready::get).start();
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
    }

    @Test
    void bindsLoopbackUnlessToldOtherwise() {
        try (OpsServer byDefault = OpsServer.builder().setRegistry(registry).start();
                OpsServer everywhere = OpsServer.builder().setRegistry(registry).optHost("0.0.0.0").start()) {
            assertThat(byDefault.address().isLoopbackAddress()).isTrue();
            assertThat(everywhere.address().isAnyLocalAddress()).isTrue();
        }
    }

    @Test
    void theHostVariableDefaultsToLoopbackAndRejectsNonsense() {
        assertThat(new ServiceConfig(java.util.Map.of()).metricsHost()).isEqualTo("127.0.0.1");
        assertThat(new ServiceConfig(java.util.Map.of("METASTREAM_METRICS_HOST", "0.0.0.0")).metricsHost())
                .isEqualTo("0.0.0.0");
        ServiceConfig bad = new ServiceConfig(java.util.Map.of("METASTREAM_METRICS_HOST", "a b\nc"));
        bad.metricsHost();
        assertThat(bad.errors()).singleElement().asString().startsWith("METASTREAM_METRICS_HOST");
    }

    @Test
    void servesPrometheusTextWithJvmAndServiceMeters() throws Exception {
        registry.counter("metastream.test.events", "kind", "a").increment(3);

        HttpResponse<String> r = get("/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(r.body())
                .contains("metastream_test_events_total{kind=\"a\",service=\"test-service\"} 3.0")
                .contains("jvm_memory_used_bytes")
                .contains("process_uptime_seconds")
                .contains("jvm_threads_live_threads");
    }

    @Test
    void readinessFollowsTheSupplier() throws Exception {
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
        ready.set(true);
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        ready.set(false);
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
    }

    @Test
    void livenessIsUpByDefault() throws Exception {
        HttpResponse<String> r = get("/health/live");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("UP\n");
    }

    @Test
    void aThrowingProbeReportsDown() throws Exception {
        try (OpsServer s = OpsServer.builder().setRegistry(registry).optHost("127.0.0.1")
                .optLiveness(() -> {
                    throw new IllegalStateException("boom");
                }).start()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + s.port() + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
        }
    }

    @Test
    void refusesWritesToTheOpsEndpoints() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
