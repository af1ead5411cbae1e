package io.metastream.control.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A request line and headers, parsed within bounds: a refusal carries the status to answer. */
final class RequestHead {
    private static final int MAX_HEADERS = 100;

    final String method;
    final String target;
    final Map<String, String> headers;
    final long contentLength;

    private RequestHead(String method, String target, Map<String, String> headers, long contentLength) {
        this.method = method;
        this.target = target;
        this.headers = headers;
        this.contentLength = contentLength;
    }

    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    static RequestHead parse(String text, int maxBody) {
        String[] lines = text.split("\r\n");
        String[] first = lines[0].split(" ", -1);
        if (first.length != 3 || !first[2].startsWith("HTTP/1.") || first[0].isEmpty()
                || !first[0].chars().allMatch(ch -> ch >= 'A' && ch <= 'Z') || !first[1].startsWith("/")) {
            throw new Refused(400, "malformed request line");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            int colon = lines[i].indexOf(':');
            if (colon <= 0 || headers.size() >= MAX_HEADERS) {
                throw new Refused(400, colon <= 0 ? "malformed header line" : "more than " + MAX_HEADERS + " headers");
            }
            String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (headers.putIfAbsent(name, lines[i].substring(colon + 1).strip()) != null
                    && (name.equals("content-length") || name.equals("authorization"))) {
                throw new Refused(400, "header " + name + " appears twice");
            }
        }
        if (headers.containsKey("transfer-encoding")) {
            throw new Refused(400, "chunked bodies are not accepted: send Content-Length");
        }
        long length = 0;
        String declared = headers.get("content-length");
        if (declared != null) {
            if (declared.isEmpty() || declared.length() > 18 || !declared.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                throw new Refused(400, "Content-Length is not a non-negative integer");
            }
            length = Long.parseLong(declared);
        }
        if (length > maxBody) {
            throw new Refused(413, "request body of " + length + " bytes is larger than " + maxBody + " bytes");
        }
        return new RequestHead(first[0], first[1], Map.copyOf(headers), length);
    }
}
