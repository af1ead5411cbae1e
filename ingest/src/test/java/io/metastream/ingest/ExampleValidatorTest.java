package io.metastream.ingest;

import static io.metastream.ingest.Examples.bytes;
import static io.metastream.ingest.Examples.example;
import static io.metastream.ingest.Examples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.RejectReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleValidatorTest {
    private final ExampleValidator validator = new ExampleValidator(16_384, 4_096);

    private Validation validate(byte[] value) {
        return validator.validate(utf8("p1"), value);
    }

    @Test
    void acceptsAValidExampleKeyedByItsPersona() {
        ConversationExample e = example("p1", 3);
        Validation v = validate(bytes(e));
        assertThat(v).isInstanceOfSatisfying(Validation.Valid.class, ok -> {
            assertThat(ok.accepted().example()).isEqualTo(e);
            assertThat(ok.accepted().json()).isEqualTo(bytes(e));
        });
    }

    @Test
    void rejectsARecordWhoseKeyIsNotItsPersonaIdAsInconsistent() {
        byte[] value = bytes(example("p1", 3));
        assertReason(validator.validate(utf8("p2"), value), RejectReason.INCONSISTENT);
        assertReason(validator.validate(null, value), RejectReason.INCONSISTENT);
        assertReason(validator.validate(utf8("p1 "), value), RejectReason.INCONSISTENT);
        assertReason(validator.validate(new byte[] {'p', '1', (byte) 0xff}, value), RejectReason.INCONSISTENT);
    }

    @Test
    void rejectsBytesThatAreNotAJsonObjectWithAReason() {
        assertReason(validate(new byte[] {(byte) 0xff, 0x00, 0x13}), RejectReason.NOT_UTF8);
        assertReason(validate(utf8("[1, 2, 3]")), RejectReason.WRONG_TYPE);
        assertReason(validate(utf8("{\"exampleId\"")), RejectReason.UNDESERIALIZABLE);
        assertReason(validate(utf8("null")), RejectReason.UNDESERIALIZABLE);
    }

    @Test
    void rejectsJunkAfterTheJson() {
        assertReason(validate(utf8(new String(bytes(example("p1", 1))) + " garbage")), RejectReason.TRAILING_DATA);
        assertReason(validate(utf8(new String(bytes(example("p1", 1))) + "]]]")), RejectReason.TRAILING_DATA);
    }

    @Test
    void rejectsABlankReplyWithTheDomainReason() {
        String json = new String(bytes(example("p1", 1))).replace("\"i am fine, i like dogs 1\"", "\"\u00a0\u200b\u200e\"");
        Validation v = validate(utf8(json));
        assertReason(v, RejectReason.BLANK_TEXT);
        assertThat(((Validation.Invalid) v).detail()).contains("reply");
    }

    @Test
    void rejectsCandidatesWithoutTheGoldReply() {
        String json = new String(bytes(Examples.withCandidates("p1", 1))).replace("\"a distractor 1\"", "\"x\"")
                .replace("\"candidates\":[\"i am fine, i like dogs 1\"", "\"candidates\":[\"not gold\"");
        assertReason(validate(utf8(json)), RejectReason.CANDIDATES_WITHOUT_GOLD);
    }

    @Test
    void rejectsAMissingPersona() {
        String json = new String(bytes(example("p1", 1))).replace("\"personaId\":\"p1\",", "");
        assertReason(validate(utf8(json)), RejectReason.MISSING_FIELD);
    }

    @Test
    void rejectsTombstonesAndOversizedRecords() {
        assertReason(validate(null), RejectReason.MISSING_FIELD);
        Validation v = new ExampleValidator(256, 256).validate(utf8("p1"), new byte[257]);
        assertReason(v, RejectReason.TOO_LARGE);
        assertThat(((Validation.Invalid) v).detail()).contains("257 bytes");
    }

    @Test
    void cutsALongContextToItsMostRecentTurnsAndSaysSo() {
        List<String> context = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "turn " + i + " " + "z".repeat(200))
                .toList();
        ConversationExample e = new ConversationExample("e", "p1", "d", 40, context, "reply", List.of(), List.of(), "s");
        Validation v = validate(bytes(e));
        assertThat(v).isInstanceOfSatisfying(Validation.Valid.class, ok -> {
            ConversationExample kept = ok.accepted().example();
            assertThat(kept.context()).isEqualTo(context.subList(40 - kept.context().size(), 40));
            assertThat(kept.droppedTurns()).isEqualTo(40 - kept.context().size()).isPositive();
            assertThat(String.join("", kept.context()).length()).isLessThanOrEqualTo(4_096);
            assertThat(ok.accepted().json()).isEqualTo(bytes(kept));
        });
    }

    @Test
    void cutsVeryLongDetailsAndEscapesControlCharacters() {
        assertThat(ExampleValidator.truncate("x".repeat(5_000))).hasSize(ExampleValidator.MAX_DETAIL).endsWith("...");
        assertThat(ExampleValidator.truncate("a\nforged line\ud800")).isEqualTo("a\\u000aforged line\\ud800");
    }

    private static void assertReason(Validation v, RejectReason reason) {
        assertThat(v).isInstanceOfSatisfying(Validation.Invalid.class, i -> assertThat(i.reason()).isEqualTo(reason));
    }
}
