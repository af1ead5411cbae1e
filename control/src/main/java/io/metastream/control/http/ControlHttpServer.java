package io.metastream.control.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.metastream.control.ControlOperations;
import io.metastream.control.ControlUnavailableException;
import io.metastream.control.PromotionRequest;
import io.metastream.control.RollbackRequest;
import io.metastream.domain.PromotionDecision;
import io.metastream.domain.serde.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator API over the JDK HTTP server:
 * <ul>
 *   <li>{@code POST /v1/promotions} {@code {"version": "v0003", "reason": "...", "force": false}}</li>
 *   <li>{@code POST /v1/rollback} {@code {"reason": "..."}}</li>
 *   <li>{@code GET /v1/status}</li>
 * </ul>
 * Every route needs {@code Authorization: Bearer <token>}: 401 without it, 403 with an unknown token.
 * Decisions answer 200 (accepted) or 409 (refused by the gate), both with the ledger entry as the body;
 * 400 for a malformed request, 503 when the ledger cannot be written. Errors are {@code {"error": "..."}}.
 */
public final class ControlHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlHttpServer.class);
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final String JSON = "application/json; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final ControlOperations operations;
    private final BearerAuth auth;

    private ControlHttpServer(HttpServer server, ExecutorService executor, ControlOperations operations,
            BearerAuth auth) {
        this.server = server;
        this.executor = executor;
        this.operations = operations;
        this.auth = auth;
    }

    /** Binds {@code host:port} (0 = any free port) and starts serving. */
    public static ControlHttpServer start(ControlOperations operations, BearerAuth auth, String host, int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the control API on " + host + ":" + port
                    + " (is the port in use? set METASTREAM_CONTROL_PORT, or 0 for any free port)", e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "control-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        ControlHttpServer api = new ControlHttpServer(server, executor, operations, auth);
        server.createContext("/", api::handle);
        server.start();
        return api;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            Response response = respond(exchange);
            send(exchange, response);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Control API exchange {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(),
                    e.toString());
        }
    }

    private Response respond(HttpExchange exchange) throws IOException {
        BearerAuth.Result who = auth.check(exchange.getRequestHeaders().getFirst("Authorization"));
        if (who instanceof BearerAuth.Result.Missing) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"metastream-control\"");
            return Response.error(401, "authentication required: send 'Authorization: Bearer <token>'");
        }
        if (who instanceof BearerAuth.Result.Rejected) {
            return Response.error(403, "the bearer token is not valid for the control API");
        }
        String actor = ((BearerAuth.Result.Authenticated) who).name();
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        Route route = Route.of(path);
        if (route == null) {
            return Response.error(404, "no such endpoint " + path + "; use /v1/promotions, /v1/rollback or /v1/status");
        }
        if (!route.method.equals(method)) {
            exchange.getResponseHeaders().set("Allow", route.method);
            return Response.error(405, path + " accepts " + route.method + " only");
        }
        try {
            return switch (route) {
                case STATUS -> new Response(200, operations.status().toJson());
                case PROMOTIONS -> decision(operations.promote(actor, promotionRequest(readBody(exchange))));
                case ROLLBACK -> decision(operations.rollback(actor, rollbackRequest(readBody(exchange))));
            };
        } catch (BadRequest | IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        } catch (ControlUnavailableException e) {
            return Response.error(503, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Control API {} {} by {} failed", method, path, actor, e);
            return Response.error(500, "internal error: " + e.getMessage());
        }
    }

    private static Response decision(PromotionDecision decision) throws JsonProcessingException {
        int status = decision.outcome() == PromotionDecision.Outcome.ACCEPTED ? 200 : 409;
        return new Response(status, Json.mapper().writeValueAsString(decision));
    }

    static PromotionRequest promotionRequest(JsonNode body) {
        return new PromotionRequest(text(body, "version"), text(body, "reason"), flag(body, "force"));
    }

    static RollbackRequest rollbackRequest(JsonNode body) {
        return new RollbackRequest(text(body, "reason"));
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

    private static JsonNode readBody(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new BadRequest("request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            throw new BadRequest("request body is empty: send a JSON object");
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new BadRequest("request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadRequest("request body must be a JSON object");
        }
        return node;
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        byte[] bytes = response.body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(response.status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
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
