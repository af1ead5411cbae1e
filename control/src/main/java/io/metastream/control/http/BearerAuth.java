package io.metastream.control.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer-token authentication against a fixed set of named tokens; the name becomes the ledger's actor.
 * Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual} against every configured token,
 * without stopping at a match, so response time reveals neither a token's prefix nor its length nor which
 * entry matched.
 */
public final class BearerAuth {
    private static final String SCHEME = "Bearer ";

    private final Map<String, byte[]> digestsByName;

    /** @param tokensByName principal name → token; at least one */
    public BearerAuth(Map<String, String> tokensByName) {
        if (tokensByName == null || tokensByName.isEmpty()) {
            throw new IllegalArgumentException("at least one name=token pair is required to authenticate operators");
        }
        Map<String, byte[]> digests = new LinkedHashMap<>();
        tokensByName.forEach((name, token) -> {
            if (name == null || name.isBlank() || token == null || token.isBlank()) {
                throw new IllegalArgumentException("token names and tokens must not be blank");
            }
            digests.put(name, sha256(token));
        });
        this.digestsByName = Map.copyOf(digests);
    }

    /** The outcome of checking one {@code Authorization} header. */
    public sealed interface Result {
        /** No header, another scheme, or an empty token: the client must authenticate (401). */
        record Missing() implements Result { }

        /** A bearer token that matches no configured token (403). */
        record Rejected() implements Result { }

        /** Authenticated as {@code name}. */
        record Authenticated(String name) implements Result { }
    }

    public Result check(String authorizationHeader) {
        Optional<String> token = bearerToken(authorizationHeader);
        if (token.isEmpty()) {
            return new Result.Missing();
        }
        byte[] presented = sha256(token.get());
        String matched = null;
        for (Map.Entry<String, byte[]> e : digestsByName.entrySet()) {
            if (MessageDigest.isEqual(presented, e.getValue()) && matched == null) {
                matched = e.getKey(); // keep looping: same work whichever entry matches
            }
        }
        return matched == null ? new Result.Rejected() : new Result.Authenticated(matched);
    }

    static Optional<String> bearerToken(String header) {
        if (header == null || header.length() <= SCHEME.length()
                || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String token = header.substring(SCHEME.length()).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
