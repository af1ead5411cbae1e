package io.metastream.domain.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.DomainValidationException;
import io.metastream.domain.RejectReason;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrictJsonTest {
    private static final String VALID = "{\"exampleId\":\"e1\",\"personaId\":\"p1\",\"dialogueId\":\"d1\",\"turn\":3,"
            + "\"context\":[\"hi\"],\"reply\":\"hello\",\"source\":\"s\"}";

    private static RejectReason reasonOf(byte[] bytes) {
        try {
            Json.read(bytes, ConversationExample.class);
        } catch (DomainValidationException e) {
            return e.reason();
        }
        return null;
    }

    private static RejectReason reasonOf(String json) {
        return reasonOf(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsTheValidRecordWithTrailingWhitespace() {
        assertThat(reasonOf(VALID + " \n")).isNull();
        assertThat(Json.read(VALID.getBytes(StandardCharsets.UTF_8), ConversationExample.class).turn()).isEqualTo(3);
    }

    @Test
    void refusesJunkAfterTheValue() {
        assertThat(reasonOf(VALID + " garbage")).isEqualTo(RejectReason.TRAILING_DATA);
        assertThat(reasonOf(VALID + "]]]")).isEqualTo(RejectReason.TRAILING_DATA);
        assertThat(reasonOf(VALID + VALID)).isEqualTo(RejectReason.TRAILING_DATA);
    }

    @Test
    void refusesDuplicateKeys() {
        assertThat(reasonOf(VALID.replace("\"reply\":\"hello\"", "\"reply\":\"hello\",\"reply\":\"other\"")))
                .isEqualTo(RejectReason.DUPLICATE_KEY);
        assertThatThrownBy(() -> Json.readTree("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(DomainValidationException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.DUPLICATE_KEY));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"reply\":\"hello\"|\"reply\":true",
            "\"reply\":\"hello\"|\"reply\":42",
            "\"reply\":\"hello\"|\"reply\":4.2",
            "\"turn\":3|\"turn\":3.9",
            "\"turn\":3|\"turn\":3.0",
            "\"turn\":3|\"turn\":\"3\"",
            "\"turn\":3|\"turn\":true",
            "\"context\":[\"hi\"]|\"context\":[1]"})
    void refusesScalarCoercion(String from, String to) {
        assertThat(reasonOf(VALID.replace(from, to))).isEqualTo(RejectReason.WRONG_TYPE);
    }

    @Test
    void refusesUnknownFields() {
        assertThat(reasonOf(VALID.replace("\"source\"", "\"candiates\":[],\"source\"")))
                .isEqualTo(RejectReason.UNKNOWN_FIELD);
    }

    @Test
    void refusesOtherEncodingsAndAByteOrderMark() {
        assertThat(reasonOf(VALID.getBytes(StandardCharsets.UTF_16BE))).isEqualTo(RejectReason.NOT_UTF8);
        assertThat(reasonOf(VALID.getBytes(StandardCharsets.UTF_16LE))).isEqualTo(RejectReason.NOT_UTF8);
        assertThat(reasonOf(VALID.getBytes(Charset.forName("UTF-32")))).isEqualTo(RejectReason.NOT_UTF8);
        assertThat(reasonOf(VALID.getBytes(StandardCharsets.UTF_16))).isEqualTo(RejectReason.NOT_UTF8);
        assertThat(reasonOf(("\uFEFF" + VALID).getBytes(StandardCharsets.UTF_8))).isEqualTo(RejectReason.NOT_UTF8);
        byte[] latin1 = VALID.replace("hello", "h\u00e9llo").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(reasonOf(latin1)).isEqualTo(RejectReason.NOT_UTF8);
    }

    @Test
    void refusesSurrogatesWhetherEscapedOrEncodedAsBytes() {
        assertThat(reasonOf(VALID.replace("\"p1\"", "\"p\\ud800\""))).isEqualTo(RejectReason.MALFORMED_TEXT);
        assertThat(reasonOf(VALID.replace("\"e1\"", "\"e\\udc00\""))).isEqualTo(RejectReason.MALFORMED_TEXT);
        assertThat(reasonOf(VALID.replace("\"hello\"", "\"hi \\ud83d\""))).isEqualTo(RejectReason.MALFORMED_TEXT);
        byte[] cesu = VALID.replace("\"p1\"", "\"pXXX\"").getBytes(StandardCharsets.UTF_8);
        int at = new String(cesu, StandardCharsets.UTF_8).indexOf("XXX");
        cesu[at] = (byte) 0xED;
        cesu[at + 1] = (byte) 0xA0;
        cesu[at + 2] = (byte) 0x80;
        assertThat(reasonOf(cesu)).isEqualTo(RejectReason.NOT_UTF8);
        // a proper pair is fine
        assertThat(reasonOf(VALID.replace("\"hello\"", "\"hi \\ud83d\\ude00\""))).isNull();
    }

    @Test
    void refusesControlCharactersInIdentifiersAndNulInText() {
        assertThat(reasonOf(VALID.replace("\"p1\"", "\"p\\u0000\""))).isEqualTo(RejectReason.MALFORMED_TEXT);
        assertThat(reasonOf(VALID.replace("\"p1\"", "\"p\\n1\""))).isEqualTo(RejectReason.MALFORMED_TEXT);
        assertThat(reasonOf(VALID.replace("\"p1\"", "\"p\\u200e1\""))).isEqualTo(RejectReason.MALFORMED_TEXT);
        assertThat(reasonOf(VALID.replace("\"hello\"", "\"hel\\u0000lo\""))).isEqualTo(RejectReason.MALFORMED_TEXT);
        assertThat(reasonOf(VALID.replace("\"hello\"", "\"line one\\nline two\""))).isNull();
    }

    @ParameterizedTest
    @CsvSource({"\\u00a0\\u00a0", "\\u200b\\u200b", "\\u200e\\u200f\\u202a", "\\u2060\\ufeff", "\\u3000\\u2007\\u202f",
            "\\u3164", "\\u2800"})
    void repliesOfInvisibleCharactersAreBlank(String reply) {
        assertThat(reasonOf(VALID.replace("\"hello\"", "\"" + reply + "\""))).isEqualTo(RejectReason.BLANK_TEXT);
    }

    @Test
    void refusesAnOverlongIdentifier() {
        assertThat(reasonOf(VALID.replace("\"p1\"", "\"" + "p".repeat(257) + "\""))).isEqualTo(RejectReason.TEXT_TOO_LONG);
        assertThat(reasonOf(VALID.replace("\"p1\"", "\"" + "p".repeat(256) + "\""))).isNull();
    }

    @Test
    void strictStringSerdeRefusesWhatItCannotCarry() {
        var serde = Utf8.serde();
        assertThat(serde.serializer().serialize("t", "p\ud83d\ude00")).isEqualTo("p\ud83d\ude00".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> serde.serializer().serialize("t", "p\ud800"))
                .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {'p', (byte) 0xff}))
                .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class);
    }

    @Test
    void truncatedContextKeepsTheMostRecentTurnsAndSaysHowManyWent() {
        var e = new ConversationExample("e", "p", "d", 5, List.of("a".repeat(100), "b".repeat(100), "c".repeat(100)),
                "r", List.of(), List.of(), "s");
        var cut = e.keepRecentContext(250);
        assertThat(cut.context()).containsExactly("b".repeat(100), "c".repeat(100));
        assertThat(cut.droppedTurns()).isEqualTo(1);
        assertThat(e.keepRecentContext(10).context()).containsExactly("c".repeat(100));
        assertThat(e.keepRecentContext(300)).isSameAs(e);
        var serde = JsonSerde.conversationExample();
        assertThat(serde.fromBytes(serde.toBytes(cut))).isEqualTo(cut);
        assertThat(new String(serde.toBytes(e), StandardCharsets.UTF_8)).doesNotContain("droppedTurns");
    }
}
