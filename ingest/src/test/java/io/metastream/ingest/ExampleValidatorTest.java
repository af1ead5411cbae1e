package io.metastream.ingest;

import static io.metastream.ingest.Examples.bytes;
import static io.metastream.ingest.Examples.example;
import static io.metastream.ingest.Examples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.RejectReason;
import org.junit.jupiter.api.Test;

class ExampleValidatorTest {
    private final ExampleValidator validator = new ExampleValidator(16_384);

    @Test
    void acceptsAValidExample() {
        ConversationExample e = example("p1", 3);
        assertThat(validator.validate(bytes(e))).isEqualTo(new Validation.Valid(e));
    }

    @Test
    void rejectsBytesThatAreNotJsonAsUndeserializable() {
        assertReason(validator.validate(new byte[] {(byte) 0xff, 0x00, 0x13}), RejectReason.UNDESERIALIZABLE);
        assertReason(validator.validate(utf8("[1, 2, 3]")), RejectReason.UNDESERIALIZABLE);
        assertReason(validator.validate(utf8("null")), RejectReason.UNDESERIALIZABLE);
    }

    @Test
    void rejectsABlankReplyWithTheDomainReason() {
        String json = new String(bytes(example("p1", 1))).replace("\"i am fine, i like dogs 1\"", "\"   \"");
        Validation v = validator.validate(utf8(json));
        assertReason(v, RejectReason.BLANK_TEXT);
        assertThat(((Validation.Invalid) v).detail()).contains("reply");
    }

    @Test
    void rejectsCandidatesWithoutTheGoldReply() {
        String json = new String(bytes(Examples.withCandidates("p1", 1))).replace("\"a distractor 1\"", "\"x\"")
                .replace("\"candidates\":[\"i am fine, i like dogs 1\"", "\"candidates\":[\"not gold\"");
        assertReason(validator.validate(utf8(json)), RejectReason.CANDIDATES_WITHOUT_GOLD);
    }

    @Test
    void rejectsAMissingPersona() {
        String json = new String(bytes(example("p1", 1))).replace("\"personaId\":\"p1\",", "");
        assertReason(validator.validate(utf8(json)), RejectReason.MISSING_FIELD);
    }

    @Test
    void rejectsTombstonesAndOversizedRecords() {
        assertReason(validator.validate(null), RejectReason.MISSING_FIELD);
        Validation v = new ExampleValidator(256).validate(new byte[257]);
        assertReason(v, RejectReason.TEXT_TOO_LONG);
        assertThat(((Validation.Invalid) v).detail()).contains("257 bytes");
    }

    @Test
    void cutsVeryLongDetails() {
        assertThat(ExampleValidator.truncate("x".repeat(5_000))).hasSize(ExampleValidator.MAX_DETAIL).endsWith("...");
    }

    private static void assertReason(Validation v, RejectReason reason) {
        assertThat(v).isInstanceOfSatisfying(Validation.Invalid.class, i -> assertThat(i.reason()).isEqualTo(reason));
    }
}
