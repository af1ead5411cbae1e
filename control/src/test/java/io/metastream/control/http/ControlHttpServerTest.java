package io.metastream.control.http;

import io.metastream.domain.paired.PromotionPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.control.ControlOperations;
import io.metastream.control.ControlState;
import io.metastream.control.ControlUnavailableException;
import io.metastream.control.Controller;
import io.metastream.control.ArtifactCheck;
import io.metastream.control.MemoryMarker;
import io.metastream.control.PromotionGate;
import io.metastream.control.PromotionRequest;
import io.metastream.control.RollbackRequest;
import io.metastream.control.StatusView;
import io.metastream.control.client.ControlClient;
import io.metastream.control.client.ControlClientException;
import io.metastream.control.client.PromotionRefusedException;
import io.metastream.control.TestEvents;
import io.metastream.domain.PromotionDecision;
import io.metastream.domain.PromotionDecision.Outcome;
import io.metastream.domain.serde.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControlHttpServerTest {
    private static final String ALICE = "alice-token-0123456789";

    private final MemoryMarker marker = new MemoryMarker();

    private final List<PromotionDecision> ledger = new ArrayList<>();
    private Controller controller;
    private ControlHttpServer server;
    private URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        controller = Controller.builder().setGate(new PromotionGate(new PromotionPolicy(0.0, 0.10))).setSink(ledger::add)
                .setMarker(marker).setArtifactCheck(ArtifactCheck.NONE).build();
        TestEvents.twoVersions(controller); // v1 passes, v2 fails
        server = ControlHttpServer.start(controller, new BearerAuth(Map.of("alice", ALICE)), "127.0.0.1", 0);
        base = URI.create("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> call(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> response) throws Exception {
        return Json.mapper().readTree(response.body()).get("error").asText();
    }

    @Test
    void answers401WithoutABearerHeaderAndRecordsNothing() throws Exception {
        HttpResponse<String> r = call("POST", "/v1/promotions", null, "{\"version\":\"v1\",\"reason\":\"x\"}");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(call("GET", "/v1/status", "Basic YTpi", null).statusCode()).isEqualTo(401);
        assertThat(ledger).isEmpty();
    }

    @Test
    void answers403ForAWrongTokenAndRecordsNothing() throws Exception {
        HttpResponse<String> r = call("POST", "/v1/promotions", "Bearer wrong", "{\"version\":\"v1\",\"reason\":\"x\"}");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(error(r)).contains("not valid");
        assertThat(ledger).isEmpty();
    }

    @Test
    void answers400ForBadJsonOrMissingFieldsWithAClearMessage() throws Exception {
        String auth = "Bearer " + ALICE;
        HttpResponse<String> notJson = call("POST", "/v1/promotions", auth, "{version: v1");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(error(notJson)).contains("not valid JSON");

        HttpResponse<String> noReason = call("POST", "/v1/promotions", auth, "{\"version\":\"v1\"}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(error(noReason)).contains("'reason' is required");

        HttpResponse<String> noVersion = call("POST", "/v1/promotions", auth, "{\"reason\":\"r\"}");
        assertThat(error(noVersion)).contains("'version' is required");

        HttpResponse<String> badForce = call("POST", "/v1/promotions", auth,
                "{\"version\":\"v1\",\"reason\":\"r\",\"force\":\"yes\"}");
        assertThat(badForce.statusCode()).isEqualTo(400);
        assertThat(error(badForce)).contains("'force' must be true or false");

        assertThat(call("POST", "/v1/rollback", auth, "").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/v1/rollback", auth, "[]").statusCode()).isEqualTo(400);
        assertThat(ledger).isEmpty();
    }

    @Test
    void answers409WithTheRefusalAndStillRecordsIt() throws Exception {
        HttpResponse<String> r = call("POST", "/v1/promotions", "Bearer " + ALICE,
                "{\"version\":\"v2\",\"reason\":\"looks fine\"}");

        assertThat(r.statusCode()).isEqualTo(409);
        PromotionDecision d = Json.mapper().readValue(r.body(), PromotionDecision.class);
        assertThat(d.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(d.refusal()).contains("did not pass");
        assertThat(d.actor()).isEqualTo("alice");
        assertThat(ledger).containsExactly(d);
    }

    @Test
    void answers200WithTheAcceptedDecision() throws Exception {
        HttpResponse<String> r = call("POST", "/v1/promotions", "Bearer " + ALICE,
                "{\"version\":\"v1\",\"reason\":\"first base\",\"force\":false}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
        PromotionDecision d = Json.mapper().readValue(r.body(), PromotionDecision.class);
        assertThat(d.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(d.version()).isEqualTo("v1");
        assertThat(d.actor()).isEqualTo("alice");
        assertThat(marker.read()).contains("v1");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() throws Exception {
        assertThat(call("GET", "/v1/nothing", "Bearer " + ALICE, null).statusCode()).isEqualTo(404);
        HttpResponse<String> r = call("GET", "/v1/promotions", "Bearer " + ALICE, null);
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).contains("POST");
    }

    @Test
    void answers503WhenTheDecisionCannotBeRecorded() throws Exception {
        ControlOperations down = new ControlOperations() {
            @Override
            public PromotionDecision promote(String actor, PromotionRequest request) {
                throw new ControlUnavailableException("ledger unreachable, nothing changed", null);
            }

            @Override
            public PromotionDecision rollback(String actor, RollbackRequest request) {
                throw new ControlUnavailableException("ledger unreachable, nothing changed", null);
            }

            @Override
            public StatusView status() {
                return StatusView.of(ControlState.EMPTY, PromotionPolicy.defaults(), 1);
            }
        };
        try (ControlHttpServer other = ControlHttpServer.start(down, new BearerAuth(Map.of("a", ALICE)), "127.0.0.1", 0)) {
            ControlClient client = new ControlClient(URI.create("http://127.0.0.1:" + other.port()), ALICE);
            assertThatThrownBy(() -> client.rollback("r")).isInstanceOf(ControlClientException.class)
                    .hasMessageContaining("503").hasMessageContaining("ledger unreachable")
                    .satisfies(e -> assertThat(((ControlClientException) e).status()).isEqualTo(503));
        }
    }

    @Test
    void theClientReturnsTypedResultsAndTurnsErrorsIntoOneLineExceptions() {
        ControlClient client = new ControlClient(base, ALICE);

        PromotionDecision accepted = client.promote("v1", "first base", false);
        assertThat(accepted.outcome()).isEqualTo(Outcome.ACCEPTED);

        assertThatThrownBy(() -> client.promote("v2", "try", false)).isInstanceOf(PromotionRefusedException.class)
                .hasMessageStartingWith("promote of v2 refused: v2: the 95% interval's lower end")
                .satisfies(e -> assertThat(((PromotionRefusedException) e).decision().outcome()).isEqualTo(Outcome.REFUSED));

        PromotionDecision forced = client.promote("v2", "evaluator bug #12", true);
        assertThat(forced.forced()).isTrue();

        PromotionDecision back = client.rollback("v2 misbehaves");
        assertThat(back.version()).isEqualTo("v1");

        StatusView status = client.status();
        assertThat(status.production()).isEqualTo("v1");
        assertThat(status.recentDecisions()).hasSize(4);
        assertThat(status.versions()).hasSize(2);

        assertThatThrownBy(() -> new ControlClient(base, "wrong").status()).isInstanceOf(ControlClientException.class)
                .hasMessage("forbidden: the control API does not accept this token");
        assertThatThrownBy(() -> client.promote("v1", " ", false)).isInstanceOf(ControlClientException.class)
                .hasMessageContaining("400").hasMessageContaining("'reason' is required").hasMessageNotContaining("\n");
    }

    @Test
    void theClientReportsARefusedConnectionInOneLine() {
        int port = server.port();
        server.close();
        ControlClient client = new ControlClient(URI.create("http://127.0.0.1:" + port), ALICE);

        assertThatThrownBy(client::status).isInstanceOf(ControlClientException.class)
                .hasMessageContaining("cannot connect to the control API").hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(((ControlClientException) e).status()).isZero());
    }
}
