package io.metastream.control.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.metastream.control.StatusView;
import io.metastream.domain.PromotionDecision;
import io.metastream.domain.serde.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Calls the control API ({@code POST /v1/promotions}, {@code POST /v1/rollback}, {@code GET /v1/status}) with
 * a bearer token. Successful calls return typed values; everything else throws a
 * {@link ControlClientException} whose message is one line (a 409 throws {@link PromotionRefusedException}).
 *
 * <pre>{@code
 * ControlClient client = new ControlClient(URI.create("http://localhost:8480"), token);
 * PromotionDecision d = client.promote("v0003", "beats v0002 by 2 points", false);
 * }</pre>
 */
public final class ControlClient {
    /** Environment variable with the control API's base URL (default {@value #DEFAULT_URL}). */
    public static final String URL_VARIABLE = "METASTREAM_CONTROL_URL";
    /** Environment variable with the operator's bearer token. */
    public static final String TOKEN_VARIABLE = "METASTREAM_CONTROL_TOKEN";
    public static final String DEFAULT_URL = "http://localhost:8480";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    public ControlClient(URI base, String token) {
        this(base, token, DEFAULT_TIMEOUT);
    }

    public ControlClient(URI base, String token, Duration timeout) {
        Objects.requireNonNull(base, "base URI of the control API, e.g. " + DEFAULT_URL);
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new IllegalArgumentException("the control API URL must start with http:// or https://, got " + base);
        }
        // a trailing slash keeps a path prefix (an ingress at /control/) when resolving v1/... against it
        this.base = base.getPath() != null && base.getPath().endsWith("/") ? base : URI.create(base + "/");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a control API token is required (the operator's bearer token)");
        }
        this.token = token.strip();
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * A client configured from {@value #URL_VARIABLE} (default {@value #DEFAULT_URL}) and
     * {@value #TOKEN_VARIABLE} (required), as the {@code metastream} CLI reads them.
     */
    public static ControlClient fromEnvironment(Map<String, String> env) {
        String token = env.get(TOKEN_VARIABLE);
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException(TOKEN_VARIABLE + " is not set: export your operator token, e.g. "
                    + TOKEN_VARIABLE + "=<the token configured for you in METASTREAM_CONTROL_TOKENS>");
        }
        String url = env.getOrDefault(URL_VARIABLE, DEFAULT_URL);
        URI uri;
        try {
            uri = URI.create(url.isBlank() ? DEFAULT_URL : url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(URL_VARIABLE + " is not a URL: " + url, e);
        }
        return new ControlClient(uri, token);
    }

    public URI baseUri() {
        return base;
    }

    /** @throws PromotionRefusedException when the gate refuses; the refusal is recorded in the ledger anyway */
    public PromotionDecision promote(String version, String reason, boolean force) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        body.put("reason", reason);
        body.put("force", force);
        return decision(send(post("v1/promotions", body)));
    }

    /** @throws PromotionRefusedException when there is no previous production to return to */
    public PromotionDecision rollback(String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", reason);
        return decision(send(post("v1/rollback", body)));
    }

    public StatusView status() {
        HttpResponse<String> response = send(request("v1/status").GET().build());
        try {
            return StatusView.fromJson(response.body());
        } catch (IllegalArgumentException e) {
            throw new ControlClientException(response.statusCode(), "unexpected status answer from " + base + ": "
                    + oneLine(e.getMessage()));
        }
    }

    private PromotionDecision decision(HttpResponse<String> response) {
        try {
            return Json.mapper().readValue(response.body(), PromotionDecision.class);
        } catch (JsonProcessingException e) {
            throw new ControlClientException(response.statusCode(), "unexpected answer from " + base
                    + " (not a promotion decision): " + oneLine(e.getOriginalMessage()));
        }
    }

    private HttpRequest post(String path, Map<String, Object> body) {
        try {
            byte[] json = Json.mapper().writeValueAsBytes(body);
            return request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the request", e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
    }

    /** Sends and returns the 200 answer; any other outcome becomes an exception. */
    private HttpResponse<String> send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new ControlClientException("cannot connect to the control API at " + base
                    + " (connection refused): is the control service running, and is the address right?", e);
        } catch (HttpConnectTimeoutException e) {
            throw new ControlClientException("cannot connect to the control API at " + base + " within "
                    + timeout.toSeconds() + " s", e);
        } catch (HttpTimeoutException e) {
            throw new ControlClientException("the control API at " + base + " did not answer within "
                    + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new ControlClientException("cannot talk to the control API at " + base + ": " + oneLine(e.toString()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlClientException("interrupted while calling the control API at " + base, e);
        }
        int status = response.statusCode();
        return switch (status) {
            case 200 -> response;
            case 401 -> throw new ControlClientException(401, "not authenticated: the control API needs a bearer token");
            case 403 -> throw new ControlClientException(403, "forbidden: the control API does not accept this token");
            case 409 -> throw new PromotionRefusedException(decision(response));
            default -> throw new ControlClientException(status, "control API answered " + status + ": "
                    + errorMessage(response.body()));
        };
    }

    private static String errorMessage(String body) {
        try {
            JsonNode node = Json.mapper().readTree(body);
            if (node != null && node.hasNonNull("error")) {
                return oneLine(node.get("error").asText());
            }
        } catch (JsonProcessingException e) {
            // not our JSON: fall through to the raw text
        }
        return oneLine(body == null || body.isBlank() ? "(empty body)" : body);
    }

    private static String oneLine(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
