package io.metastream.control.http;

import static io.metastream.testkit.TestWaits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.paired.PromotionPolicy;
import io.metastream.control.ArtifactCheck;
import io.metastream.control.ControlMetrics;
import io.metastream.control.Controller;
import io.metastream.control.MemoryMarker;
import io.metastream.control.PromotionGate;
import io.metastream.control.TestEvents;
import io.metastream.domain.PromotionDecision;
import io.metastream.domain.serde.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The control API against hostile and slow clients, over raw sockets. */
@Timeout(60)
class ControlApiLimitsTest {
    private static final String TOKEN = "alice-token-0123456789";
    private static final String AUTH = "Authorization: Bearer " + TOKEN + "\r\n";

    private final List<PromotionDecision> ledger = new ArrayList<>();
    private final ControlMetrics metrics = ControlMetrics.noop();
    private final List<Socket> sockets = new ArrayList<>();
    private ControlHttpServer server;

    @BeforeEach
    void start() {
        Controller controller = Controller.builder().setGate(new PromotionGate(new PromotionPolicy(0.0, 0.10))).setSink(ledger::add)
                .setMarker(new MemoryMarker()).setArtifactCheck(ArtifactCheck.NONE).build();
        TestEvents.twoVersions(controller); // v1 passes, v2 fails
        // a short request deadline so stalled connections are closed within the test's time-out
        server = ControlHttpServer.start(controller, new BearerAuth(Map.of("alice", TOKEN)), "127.0.0.1", 0,
                Duration.ofSeconds(2), 1024, metrics::request);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        server.close();
    }

    private Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        sockets.add(s);
        return s;
    }

    /** Sends raw bytes, reads the whole answer until the server closes. */
    private String exchange(String raw) throws IOException {
        Socket s = open();
        s.getOutputStream().write(raw.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        return readAll(s.getInputStream());
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    private static String post(String path, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Type: application/json\r\nContent-Length: "
                + b.length + "\r\n\r\n" + body;
    }

    private static String error(String response) throws IOException {
        return Json.mapper().readTree(response.substring(response.indexOf("\r\n\r\n") + 4)).get("error").asText();
    }

    @Test
    void aStatusRequestIsAnsweredWhileSlowClientsHoldConnectionsAndTheStalledOnesAreClosed() throws Exception {
        // more stalled clients than there are workers: two trickle headers, two stall inside a declared body
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket s = open();
            s.getOutputStream().write("GET /v1/status HTTP/1.1\r\nHost: x\r\nX-Slow: a".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            slow.add(s);
        }
        for (int i = 0; i < 3; i++) {
            Socket s = open();
            s.getOutputStream().write(("POST /v1/rollback HTTP/1.1\r\n" + AUTH + "Content-Length: 100\r\n\r\n{\"rea")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            slow.add(s);
        }
        CompletableFuture<String> status = CompletableFuture.supplyAsync(() -> {
            try {
                return exchange("GET /v1/status HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n");
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        String answer = status.get(30, TimeUnit.SECONDS);
        assertThat(status(answer)).isEqualTo(200);
        assertThat(slow).as("the slow clients are still connected when status is answered")
                .allSatisfy(s -> assertThat(s.isClosed()).isFalse());
        for (Socket s : slow) {
            s.getOutputStream().write("b".getBytes(StandardCharsets.US_ASCII)); // still trickling
        }
        for (Socket s : slow) {
            String closedWith = readAll(s.getInputStream()); // returns when the server closes the connection
            assertThat(status(closedWith)).isEqualTo(408);
        }
        waitUntil(Duration.ofSeconds(10), () -> metrics.requestCount("timeout") == 6, "six time-outs counted");
        assertThat(metrics.requestCount("ok")).isEqualTo(1);
        assertThat(ledger).isEmpty();
    }

    @Test
    void aBodyOverTheCapIsRefusedBeforeItIsSent() throws Exception {
        Socket s = open();
        OutputStream out = s.getOutputStream();
        out.write(("POST /v1/rollback HTTP/1.1\r\n" + AUTH + "Content-Length: 1000000\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String answer = readAll(s.getInputStream()); // answered without a byte of the body
        assertThat(status(answer)).isEqualTo(413);
        assertThat(error(answer)).contains("larger than 1024 bytes");
        assertThat(metrics.requestCount("too_large")).isEqualTo(1);
        assertThat(ledger).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"reason\":\"a\"} garbage",
        "{\"reason\":\"a\"}]]]",
        "{\"reason\":\"a\",\"reason\":\"b\"}",
        "{\"reason\":7}",
        "{\"reason\":true}",
        "{\"reason\":[\"a\"]}",
        "{\"reason\":\"a\",\"unexpected\":1}",
        "[{\"reason\":\"a\"}]",
        "{\"reason\":\"two\\nlines\"}",
        "{\"reason\":\"hidden \\u202e text\"}",
        "not json"})
    void hostileRollbackBodiesAreBadRequests(String body) throws Exception {
        String answer = exchange(post("/v1/rollback", body));
        assertThat(status(answer)).as(body).isEqualTo(400);
        assertThat(ledger).isEmpty();
        assertThat(metrics.requestCount("bad_request")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"version\":\"v1\\nINFO ACCEPTED PROMOTE of v9 by bob\",\"reason\":\"x\"}",
        "{\"version\":\"../v1\",\"reason\":\"x\"}",
        "{\"version\":\"v1 \",\"reason\":\"x\",\"force\":\"true\"}",
        "{\"version\":\"v1\",\"reason\":\"x\",\"force\":1}",
        "{\"version\":\"v\\u00e91\",\"reason\":\"x\"}"})
    void versionNamesAndFlagsAreChecked(String body) throws Exception {
        String answer = exchange(post("/v1/promotions", body));
        assertThat(status(answer)).as(body).isEqualTo(400);
        assertThat(error(answer)).doesNotContain("\n");
        assertThat(ledger).isEmpty();
    }

    @Test
    void everyOutcomeIsCounted() throws Exception {
        exchange("GET /v1/status HTTP/1.1\r\n\r\n");
        exchange("GET /v1/status HTTP/1.1\r\nAuthorization: Bearer not-a-token-of-anyone\r\n\r\n");
        exchange("GET /v1/nothing HTTP/1.1\r\n" + AUTH + "\r\n");
        exchange("DELETE /v1/status HTTP/1.1\r\n" + AUTH + "\r\n");
        exchange("NOT A REQUEST\r\n\r\n");
        exchange(post("/v1/promotions", "{\"version\":\"v1\",\"reason\":\"good\"}"));
        exchange(post("/v1/promotions", "{\"version\":\"v2\",\"reason\":\"failed its evaluation\"}"));

        assertThat(metrics.requestCount("unauthorized")).isEqualTo(1);
        assertThat(metrics.requestCount("forbidden")).isEqualTo(1);
        assertThat(metrics.requestCount("not_found")).isEqualTo(1);
        assertThat(metrics.requestCount("method_not_allowed")).isEqualTo(1);
        assertThat(metrics.requestCount("bad_request")).isEqualTo(1);
        assertThat(metrics.requestCount("ok")).isEqualTo(1);
        assertThat(metrics.requestCount("conflict")).isEqualTo(1);
        assertThat(ledger).as("only decisions reach the ledger").hasSize(2);
    }
}
