package io.metastream.domain.data;

import static io.metastream.domain.data.TempFiles.examples;
import static io.metastream.domain.data.TempFiles.skip;
import static io.metastream.domain.data.TempFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.domain.ConversationExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpcCsvReaderTest {
    private static final String HEADER = "user 1 personas,user 2 personas,Best Generated Conversation";
    @TempDir
    Path dir;

    @Test
    void everyReplyAfterTheFirstTurnIsAnExampleForTheSideThatSpeaksIt() throws IOException {
        Path f = write(dir, "spc.csv", HEADER,
                "\"I like cats.\nI am a nurse.\",\"I like dogs.\nI am a pilot.\",\"User 1: Hi, \"\"friend\"\"!",
                "User 2: Hello.",
                "[Later]",
                "User 1: I have two cats.",
                "Their names are:",
                "* * User 2: * * Nice, I fly planes.\"");
        List<ConversationExample> ex = examples(PersonaData.open(f, ReadOptions.defaults().withCandidates(0)));
        assertThat(ex).extracting(ConversationExample::reply)
                .containsExactly("Hello.", "I have two cats. Their names are:", "Nice, I fly planes.");
        assertThat(ex.get(0).context()).containsExactly("Hi, \"friend\"!");
        assertThat(ex.get(1).personaFacts()).containsExactly("I like cats.", "I am a nurse.");
        assertThat(ex.get(0).personaId()).isEqualTo(ex.get(2).personaId()).isNotEqualTo(ex.get(1).personaId());
        assertThat(ex.get(0).personaId()).isEqualTo(PersonaIdentity.idFor(List.of("i like dogs .", "i am a pilot .")));
        assertThat(ex).extracting(ConversationExample::turn).containsExactly(0, 1, 2);
    }

    @Test
    void aConversationWithoutSpeakerTagsAlternatesStartingWithUserOne() {
        assertThat(SpcTurns.parse("Hi!\nHello!\n\nHow are you?"))
                .containsExactly(new SpcTurns.Turn(1, "Hi!"), new SpcTurns.Turn(2, "Hello!"),
                        new SpcTurns.Turn(1, "How are you?"));
    }

    @Test
    void failsWithoutTheExpectedHeaderColumnsEvenUnderSkip() throws IOException {
        Path f = write(dir, "spc.csv", "user 1 personas,user two,conversation", "a,b,c");
        assertThatThrownBy(() -> PersonaData.open(f, skip()))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining(f + ":1: the CSV header must name the columns");
    }

    @Test
    void reportsShortRowsAndStrayQuotesAndSkipsThemUnderSkip() throws IOException {
        Path f = write(dir, "spc.csv", HEADER,
                "only one field",
                "\"a\nb\",\"c\nd\",\"User 1: hi\nUser 2: yo\"",
                "\"x\"junk,\"c\nd\",\"User 1: hi\nUser 2: ho\"",
                "\"e\nf\",\"g\nh\",\"User 1: hi\nUser 2: hey\"");
        assertThatThrownBy(() -> PersonaData.open(f, ReadOptions.defaults()))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining(":2: row 0 has 1 fields, expected 3");
        PersonaData data = PersonaData.open(f, skip());
        assertThat(examples(data)).extracting(ConversationExample::reply).containsExactly("yo", "hey");
        assertThat(data.problems()).extracting(Problem::line).containsExactly(2L, 7L);
        assertThat(data.problems().get(1).reason()).contains("after a closing quote");
    }

    @Test
    void reportsAnUnterminatedQuoteAtTheLineWhereTheFieldStarts() throws IOException {
        Path f = write(dir, "spc.csv", HEADER,
                "\"a\nb\",\"c\nd\",\"User 1: hi\nUser 2: yo\"",
                "\"e\",\"f\",\"User 1: never closed",
                "User 2: still inside");
        PersonaData data = PersonaData.open(f, skip());
        assertThat(examples(data)).hasSize(1);
        assertThat(data.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.reason()).contains("unterminated quoted field");
        });
    }

    @Test
    void reportsAnEmptyPersonaCellAndSkipsOnlyThatSidesTurns() throws IOException {
        Path f = write(dir, "spc.csv", HEADER, "\"a\nb\",,\"User 1: hi\nUser 2: yo\nUser 1: bye\"");
        PersonaData data = PersonaData.open(f, skip());
        assertThat(examples(data)).extracting(ConversationExample::reply).containsExactly("bye");
        assertThat(data.problems()).singleElement().satisfies(p -> assertThat(p.reason())
                .contains("empty 'user 2 personas' cell"));
    }
}
