package io.metastream.domain.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A small streaming RFC 4180 parser: comma-separated fields, optionally double-quoted; inside quotes a
 * doubled quote is a literal quote and commas and line breaks are data. Records end at CRLF, LF or CR.
 * Holds one record at a time. A quote in the middle of an unquoted field is kept literally (lenient,
 * like most spreadsheets); text after a closing quote marks the record malformed (see
 * {@link #malformation()}); an unterminated quote at end of input throws.
 */
public final class CsvParser implements Closeable {
    private static final int EOF = -1;
    private final Reader in;
    private int peeked = Integer.MIN_VALUE;
    private long line = 1;
    private long recordLine = 1;
    private String malformation;

    public CsvParser(Reader in) {
        this.in = in;
    }

    /** The next record's fields, or null at end of input. */
    public List<String> next() throws IOException {
        malformation = null;
        int c = read();
        if (c == EOF) {
            return null;
        }
        recordLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            if (c == '"' && field.isEmpty()) {
                c = quoted(field);
            } else {
                while (c != ',' && c != '\n' && c != '\r' && c != EOF) {
                    field.append((char) c);
                    c = read();
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (c == ',') {
                c = read();
                continue;
            }
            if (c == '\r' && peek() == '\n') {
                read();
            }
            if (c != EOF) {
                line++;
            }
            return fields;
        }
    }

    /** Line (1-based) where the record last returned by {@link #next()} starts. */
    public long recordLine() {
        return recordLine;
    }

    /** Why the last record is malformed, or null when it is well-formed. */
    public String malformation() {
        return malformation;
    }

    /** Reads a quoted field after its opening quote; returns the character after the field. */
    private int quoted(StringBuilder field) throws IOException {
        long start = line;
        while (true) {
            int c = read();
            if (c == EOF) {
                throw new CsvFormatException(start, "unterminated quoted field starting at line " + start);
            }
            if (c == '"') {
                if (peek() == '"') {
                    read();
                    field.append('"');
                    continue;
                }
                int after = read();
                if (after != ',' && after != '\n' && after != '\r' && after != EOF) {
                    if (malformation == null) {
                        malformation = "unexpected character '" + (char) after + "' after a closing quote";
                    }
                    // Keep the stray text so the record is still separated at the right place.
                    while (after != ',' && after != '\n' && after != '\r' && after != EOF) {
                        field.append((char) after);
                        after = read();
                    }
                }
                return after;
            }
            if (c == '\n' || (c == '\r' && peek() != '\n')) {
                line++;
            }
            field.append((char) c);
        }
    }

    private int read() throws IOException {
        if (peeked != Integer.MIN_VALUE) {
            int c = peeked;
            peeked = Integer.MIN_VALUE;
            return c;
        }
        return in.read();
    }

    private int peek() throws IOException {
        if (peeked == Integer.MIN_VALUE) {
            peeked = in.read();
        }
        return peeked;
    }

    /** Writes one field quoted when it needs to be (comma, quote, CR or LF), doubling inner quotes. */
    public static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Input that cannot be parsed any further. */
    public static final class CsvFormatException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long line;

        CsvFormatException(long line, String message) {
            super(message);
            this.line = line;
        }

        public long line() {
            return line;
        }
    }
}
