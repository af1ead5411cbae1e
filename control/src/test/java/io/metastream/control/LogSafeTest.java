package io.metastream.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {
    @Test
    void aNewlineCannotForgeALogLine() {
        String forged = LogSafe.quote("v1\n22:00:00 INFO ACCEPTED PROMOTE of v9 by bob");
        assertThat(forged).doesNotContain("\n").startsWith("\"v1\\n22:00:00");
    }

    @Test
    void controlBidiAndQuoteCharactersAreEscaped() {
        assertThat(LogSafe.quote("a\"b\\c\r\u202e\u0000é")).isEqualTo("\"a\\\"b\\\\c\\r\\u202e\\u0000\\u00e9\"");
    }

    @Test
    void longValuesAreCut() {
        String q = LogSafe.quote("x".repeat(5_000));
        assertThat(q).hasSizeLessThan(LogSafe.MAX_CHARS + 30).endsWith("(5000 chars)");
    }
}
