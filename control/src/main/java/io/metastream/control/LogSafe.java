package io.metastream.control;

/**
 * User-supplied text made safe for a log line: quoted, bounded, and with every character outside printable ASCII
 * escaped ({@code \n}, {@code \u202e}, …), so a value can neither forge a line nor hide text from the reader.
 */
public final class LogSafe {
    static final int MAX_CHARS = 200;

    private LogSafe() {
    }

    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_CHARS) + 2).append('"');
        int n = Math.min(value.length(), MAX_CHARS);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append(c);
                    } else {
                        sb.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        sb.append('"');
        if (value.length() > MAX_CHARS) {
            sb.append("…(").append(value.length()).append(" chars)");
        }
        return sb.toString();
    }
}
