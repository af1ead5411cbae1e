package io.metastream.control.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.metastream.control.ControlOperations;
import io.metastream.control.ControlUnavailableException;
import io.metastream.control.LogSafe;
import io.metastream.control.PromotionRequest;
import io.metastream.control.RollbackRequest;
import io.metastream.domain.PromotionDecision;
import io.metastream.domain.serde.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator API, over {@link HttpTransport} (slow clients cannot stall it):
 * <ul>
 *   <li>{@code POST /v1/promotions} {@code {"version": "v0003", "reason": "...", "force": false}}</li>
 *   <li>{@code POST /v1/rollback} {@code {"reason": "..."}}</li>
 *   <li>{@code GET /v1/status}</li>
 * </ul>
 * Every route needs {@code Authorization: Bearer <token>}: 401 without it, 403 with an unknown token.
 * Decisions answer 200 (accepted) or 409 (refused by the gate), both with the ledger entry as the body;
 * 400 for a malformed request, 408 when it does not arrive in time, 413 for a body over the cap (refused before
 * it is read), 503 when the ledger cannot be written. Errors are {@code {"error": "..."}}. Every response's status
 * goes to the {@code answered} listener (the request counter).
 */
public final class ControlHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlHttpServer.class);
    static final int MAX_BODY_BYTES = HttpTransport.Limits.defaults().maxBodyBytes();
    private static final String JSON = "application/json; charset=utf-8";

    private final HttpTransport transport;
    private final ControlOperations operations;
    private final BearerAuth auth;

    private ControlHttpServer(ControlOperations operations, BearerAuth auth, String host, int port,
            HttpTransport.Limits limits, IntConsumer answered) throws IOException {
        this.operations = operations;
        this.auth = auth;
        this.transport = new HttpTransport(host, port, limits, this::handle, answered);
    }

    /** Binds {@code host:port} (0 = any free port) and starts serving with the default limits. */
    public static ControlHttpServer start(ControlOperations operations, BearerAuth auth, String host, int port) {
        return start(operations, auth, host, port, Duration.ofSeconds(10), MAX_BODY_BYTES, status -> { });
    }

    /**
     * @param requestTimeout a request's head and body must arrive within this time, else 408 and the connection
     *                       is closed
     * @param maxBodyBytes   largest accepted body; a larger declared body is answered 413 without being read
     * @param answered       told the status of every response
     */
    public static ControlHttpServer start(ControlOperations operations, BearerAuth auth, String host, int port,
            Duration requestTimeout, int maxBodyBytes, IntConsumer answered) {
        HttpTransport.Limits limits = HttpTransport.Limits.defaults().withRequestTimeout(requestTimeout)
                .withMaxBodyBytes(maxBodyBytes);
        try {
            return new ControlHttpServer(operations, auth, host, port, limits, answered);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the control API on " + host + ":" + port
                    + " (is the port in use? set METASTREAM_CONTROL_PORT, or 0 for any free port)", e);
        }
    }

    public int port() {
        return transport.port();
    }

    @Override
    public void close() {
        transport.close();
    }

    private HttpTransport.Response handle(HttpTransport.Request request) {
        Map<String, String> extra = new LinkedHashMap<>();
        Response r = respond(request, extra);
        Map<String, String> headers = new LinkedHashMap<>(extra);
        headers.put("Content-Type", JSON);
        headers.put("Cache-Control", "no-store");
        return new HttpTransport.Response(r.status, headers, r.body.getBytes(StandardCharsets.UTF_8));
    }

    /** A transport-level error (timeouts, limits) in the API's error format. */
    static HttpTransport.Response errorResponse(int status, String message) {
        return new HttpTransport.Response(status, Map.of("Content-Type", JSON, "Cache-Control", "no-store"),
                Response.error(status, message).body.getBytes(StandardCharsets.UTF_8));
    }

    private Response respond(HttpTransport.Request exchange, Map<String, String> headers) {
        BearerAuth.Result who = auth.check(exchange.header("authorization"));
        if (who instanceof BearerAuth.Result.Missing) {
            headers.put("WWW-Authenticate", "Bearer realm=\"metastream-control\"");
            return Response.error(401, "authentication required: send 'Authorization: Bearer <token>'");
        }
        if (who instanceof BearerAuth.Result.Rejected) {
            return Response.error(403, "the bearer token is not valid for the control API");
        }
        String actor = ((BearerAuth.Result.Authenticated) who).name();
        String target = exchange.target();
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        String method = exchange.method();
        Route route = Route.of(path);
        if (route == null) {
            return Response.error(404, "no such endpoint; use /v1/promotions, /v1/rollback or /v1/status");
        }
        if (!route.method.equals(method)) {
            headers.put("Allow", route.method);
            return Response.error(405, path + " accepts " + route.method + " only");
        }
        try {
            return switch (route) {
                case STATUS -> new Response(200, operations.status().toJson());
                case PROMOTIONS -> decision(operations.promote(actor, promotionRequest(readBody(exchange.body()))));
                case ROLLBACK -> decision(operations.rollback(actor, rollbackRequest(readBody(exchange.body()))));
            };
        } catch (BadRequest | IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        } catch (ControlUnavailableException e) {
            return Response.error(503, e.getMessage());
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.error("Control API {} {} by {} failed", method, path, LogSafe.quote(actor), e);
            return Response.error(500, "internal error: " + e.getMessage());
        }
    }

    private static Response decision(PromotionDecision decision) throws JsonProcessingException {
        int status = decision.outcome() == PromotionDecision.Outcome.ACCEPTED ? 200 : 409;
        return new Response(status, Json.mapper().writeValueAsString(decision));
    }

    static PromotionRequest promotionRequest(JsonNode body) {
        onlyFields(body, Set.of("version", "reason", "force"));
        return new PromotionRequest(text(body, "version"), text(body, "reason"), flag(body, "force"));
    }

    static RollbackRequest rollbackRequest(JsonNode body) {
        onlyFields(body, Set.of("reason"));
        return new RollbackRequest(text(body, "reason"));
    }

    /** Unknown fields are refused: a misspelt {@code "forse"} must not be silently ignored. */
    private static void onlyFields(JsonNode body, Set<String> allowed) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new BadRequest("unknown field " + LogSafe.quote(name) + "; this request accepts "
                        + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null; // the request record says what is missing
        }
        if (!node.isTextual()) {
            throw new BadRequest("'" + field + "' must be a JSON string");
        }
        return node.textValue();
    }

    private static boolean flag(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new BadRequest("'" + field + "' must be true or false");
        }
        return node.booleanValue();
    }

    static JsonNode readBody(byte[] bytes) {
        if (bytes.length == 0) {
            throw new BadRequest("request body is empty: send a JSON object");
        }
        JsonNode node;
        try {
            // the strict reader: trailing tokens and duplicate keys are errors, not the last value
            node = Json.mapper().reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(bytes);
        } catch (IOException e) {
            throw new BadRequest("request body is not valid JSON: " + (e instanceof JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new BadRequest("request body must be a JSON object");
        }
        return node;
    }

    private enum Route {
        PROMOTIONS("/v1/promotions", "POST"), ROLLBACK("/v1/rollback", "POST"), STATUS("/v1/status", "GET");

        final String path;
        final String method;

        Route(String path, String method) {
            this.path = path;
            this.method = method;
        }

        static Route of(String path) {
            for (Route r : values()) {
                if (r.path.equals(path)) {
                    return r;
                }
            }
            return null;
        }
    }

    private record Response(int status, String body) {
        static Response error(int status, String message) {
            try {
                return new Response(status, Json.mapper().writeValueAsString(Map.of("error", message)));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
