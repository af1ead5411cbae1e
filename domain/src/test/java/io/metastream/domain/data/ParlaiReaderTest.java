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

class ParlaiReaderTest {
    @TempDir
    Path dir;

    private static String cands(String gold, String prefix) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 19; i++) {
            b.append(prefix).append(' ').append(i).append('|');
        }
        return b.append(gold).toString();
    }

    @Test
    void keepsTheFilesCandidatesAndBuildsTheContextFromPreviousTurns() throws IOException {
        Path f = write(dir, "with_cands.txt",
                "1 your persona: i like cats .",
                "2 your persona: i am a nurse .",
                "3 hi there\thello , how are you ?\t\t" + cands("hello , how are you ?", "a"),
                "4 good . you ?\ti am tired from my shift .\t\t" + cands("i am tired from my shift .", "b"));
        List<ConversationExample> ex = examples(PersonaData.open(f, ReadOptions.defaults()));
        assertThat(ex).hasSize(2);
        assertThat(ex.get(0).context()).containsExactly("hi there");
        assertThat(ex.get(1).context()).containsExactly("hi there", "hello , how are you ?", "good . you ?");
        assertThat(ex.get(1).candidates()).hasSize(20).endsWith("i am tired from my shift .").contains("b 3");
        assertThat(ex.get(1).personaFacts()).containsExactly("i like cats .", "i am a nurse .");
        assertThat(ex.get(0).personaId()).isEqualTo(ex.get(1).personaId())
                .isEqualTo(PersonaIdentity.idFor(List.of("I like cats.", "I am a nurse.")));
        assertThat(ex.get(1).turn()).isEqualTo(1);
        assertThat(ex.get(1).source()).isEqualTo("with_cands");
    }

    @Test
    void dropsALeadingSilenceQueryButKeepsItWhenItWouldBeTheWholeContext() throws IOException {
        Path f = write(dir, "train.txt",
                "1 your persona: i like cats .",
                "2 your persona: i am a nurse .",
                "3 __SILENCE__\thi , i love cats !",
                "4 me too\twhat is your job ?");
        List<ConversationExample> ex = examples(PersonaData.open(f, ReadOptions.defaults().withCandidates(0)));
        assertThat(ex.get(0).context()).containsExactly("__SILENCE__");
        assertThat(ex.get(1).context()).containsExactly("hi , i love cats !", "me too");
    }

    @Test
    void dialoguesSharingTwoPersonaSentencesAreOnePersonaAndOneSharedSentenceIsNot() throws IOException {
        Path f = write(dir, "three.txt",
                "1 your persona: i like cats .", "2 your persona: i am a nurse .", "3 your persona: i run .",
                "4 hi\thello",
                "1 your persona: I like cats.", "2 your persona: I am a nurse.", "3 your persona: I swim.",
                "4 hey\thowdy",
                "1 your persona: i like cats .", "2 your persona: i bake bread .",
                "3 yo\tgood day");
        List<ConversationExample> ex = examples(PersonaData.open(f, ReadOptions.defaults().withCandidates(0)));
        assertThat(ex.get(0).personaId()).isEqualTo(ex.get(1).personaId());
        assertThat(ex.get(2).personaId()).isNotEqualTo(ex.get(0).personaId());
    }

    @Test
    void buildsSeededCandidatesFromOtherPersonasWhenTheFileHasNone() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int d = 0; d < 30; d++) {
            lines.append("1 your persona: fact a").append(d).append(" .\n2 your persona: fact b").append(d).append(" .\n");
            lines.append("3 q").append(d).append("\treply ").append(d).append(" one\n");
            lines.append("4 r").append(d).append("\treply ").append(d).append(" two\n");
        }
        Path f = dir.resolve("no_cands.txt");
        java.nio.file.Files.writeString(f, lines);
        List<ConversationExample> ex = examples(PersonaData.open(f, ReadOptions.defaults()));
        assertThat(ex).hasSize(60).allSatisfy(e -> {
            assertThat(e.candidates()).hasSize(20).doesNotHaveDuplicates().contains(e.reply());
            String own = e.reply().split(" ")[1];
            assertThat(e.candidates()).filteredOn(c -> !c.equals(e.reply()))
                    .noneMatch(c -> c.split(" ")[1].equals(own));
        });
        ReadOptions five = ReadOptions.defaults().withCandidates(5);
        assertThat(examples(PersonaData.open(f, five)).get(0).candidates()).hasSize(5);
    }

    @Test
    void aReservoirSmallerThanTheFileStillGivesDistinctCandidatesFromOtherPersonas() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int d = 0; d < 50; d++) {
            lines.append("1 your persona: fact a").append(d).append(" .\n2 your persona: fact b").append(d).append(" .\n");
            lines.append("3 q\treply ").append(d).append('\n');
        }
        Path f = dir.resolve("many.txt");
        java.nio.file.Files.writeString(f, lines);
        List<ConversationExample> ex = examples(PersonaData.open(f, ReadOptions.defaults(), 25));
        assertThat(ex).allSatisfy(e -> assertThat(e.candidates()).hasSize(20).doesNotHaveDuplicates()
                .contains(e.reply()));
    }

    @Test
    void reportsAMissingTabWithFileAndLineAndFailsByDefault() throws IOException {
        Path f = write(dir, "bad.txt",
                "1 your persona: i like cats .", "2 your persona: i am a nurse .",
                "3 hi\thello", "4 this line has no reply", "5 ok\tbye");
        assertThatThrownBy(() -> PersonaData.open(f, ReadOptions.defaults()))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining(f + ":4: exchange line needs a query and a reply")
                .satisfies(e -> assertThat(((MalformedInputException) e).problem().line()).isEqualTo(4));
    }

    @Test
    void skipsMalformedLinesAndListsThemOnceUnderSkip() throws IOException {
        Path f = write(dir, "bad.txt",
                "1 your persona: i like cats .", "2 your persona: i am a nurse .",
                "3 hi\thello", "4 this line has no reply", "5 ok\tbye",
                "no number here",
                "1 hi\tno persona in this dialogue",
                "1 your persona: i swim .", "2 your persona: i run .", "3 a\tb", "5 c\td", "6 e\tf");
        PersonaData data = PersonaData.open(f, skip());
        List<ConversationExample> ex = examples(data);
        assertThat(ex).extracting(ConversationExample::reply).containsExactly("hello", "bye", "b");
        assertThat(data.problems()).extracting(Problem::line).containsExactly(4L, 6L, 7L, 11L);
        assertThat(data.problems().get(0).toString()).startsWith(f + ":4: exchange line");
        assertThat(data.problems().get(2).reason()).contains("no 'your persona:' lines");
        assertThat(data.problems().get(3).reason()).contains("line number 5 does not follow 3");
        assertThat(data.stats().problems()).isEqualTo(4);
        assertThat(ex.get(1).turn()).as("the skipped line keeps its turn number").isEqualTo(2);
    }

    @Test
    void reportsAGoldReplyMissingFromItsCandidates() throws IOException {
        Path f = write(dir, "bad.txt",
                "1 your persona: i like cats .", "2 your persona: i am a nurse .",
                "3 hi\thello\t\tfoo|bar|baz");
        assertThatThrownBy(() -> PersonaData.open(f, ReadOptions.defaults()))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining(":3: the reply is not among the line's candidates");
    }

    @Test
    void reportsATurnLongerThanTheDomainAllows() throws IOException {
        Path f = write(dir, "long.txt",
                "1 your persona: i like cats .", "2 your persona: i am a nurse .",
                "3 hi\t" + "x".repeat(9_000));
        PersonaData data = PersonaData.open(f, skip());
        assertThat(examples(data)).isEmpty();
        assertThat(data.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.reason()).contains("TEXT_TOO_LONG");
        });
    }

    @Test
    void keepsOnlyTheMostRecentContextTurns() throws IOException {
        Path f = write(dir, "ctx.txt",
                "1 your persona: i like cats .", "2 your persona: i am a nurse .",
                "3 a\tb", "4 c\td", "5 e\tf");
        List<ConversationExample> ex = examples(PersonaData.open(f,
                ReadOptions.defaults().withCandidates(0).withMaxContextTurns(2)));
        assertThat(ex.get(2).context()).containsExactly("d", "e");
    }

    @Test
    void dropsRepeatedCandidatesOfALineKeepingTheirFirstPosition() throws IOException {
        Path f = write(dir, "dups.txt",
                "1 your persona: i like cats .", "2 your persona: i am a nurse .",
                "3 hi\thello\t\tfoo|bar|foo|hello");
        assertThat(examples(PersonaData.open(f, ReadOptions.defaults())).get(0).candidates())
                .containsExactly("foo", "bar", "hello");
    }
}
