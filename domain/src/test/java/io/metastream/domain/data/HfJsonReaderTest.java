package io.metastream.domain.data;

import static io.metastream.domain.data.TempFiles.examples;
import static io.metastream.domain.data.TempFiles.skip;
import static io.metastream.domain.data.TempFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.domain.ConversationExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfJsonReaderTest {
    @TempDir
    Path dir;

    private static String candidates(String gold) {
        List<String> c = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            c.add("\"distractor " + i + "\"");
        }
        c.add("\"" + gold + "\"");
        return "[" + String.join(",", c) + "]";
    }

    private static String dialogue(String fact1, String fact2, String... turns) {
        List<String> utterances = new ArrayList<>();
        List<String> history = new ArrayList<>();
        for (int i = 0; i + 1 < turns.length; i += 2) {
            history.add("\"" + turns[i] + "\"");
            utterances.add("{\"history\":[" + String.join(",", history) + "],\"candidates\":" + candidates(turns[i + 1]) + "}");
            history.add("\"" + turns[i + 1] + "\"");
        }
        return "{\"personality\":[\"" + fact1 + "\",\"" + fact2 + "\"],\n\"utterances\":[\n"
                + String.join(",\n", utterances) + "]}";
    }

    @Test
    void readsEverySplitWithTheGoldAsTheLastCandidate() throws IOException {
        Path f = write(dir, "personachat.json",
                "{\"train\":[" + dialogue("i like cats .", "i am a nurse .", "__ SILENCE __", "hi !", "hello", "how are you ?"),
                "," + dialogue("i like dogs .", "i am a pilot .", "hey", "yo") + "],",
                "\"valid\":[" + dialogue("I like cats.", "I am a nurse.", "sup", "not much") + "]}");
        PersonaData data = PersonaData.open(f, ReadOptions.defaults());
        assertThat(data.format()).isEqualTo(DataFormat.HF_JSON);
        List<ConversationExample> ex = examples(data);
        assertThat(ex).extracting(ConversationExample::reply).containsExactly("hi !", "how are you ?", "yo", "not much");
        assertThat(ex.get(0).context()).containsExactly("__SILENCE__");
        assertThat(ex.get(1).context()).containsExactly("hi !", "hello");
        assertThat(ex).allSatisfy(e -> assertThat(e.candidates()).hasSize(20).endsWith(e.reply()));
        assertThat(ex.get(3).dialogueId()).isEqualTo("personachat#valid/0");
        assertThat(ex.get(3).personaId()).isEqualTo(ex.get(0).personaId()).isNotEqualTo(ex.get(2).personaId());
        DataStats stats = data.stats();
        assertThat(stats.dialogues()).isEqualTo(3);
        assertThat(stats.personas()).isEqualTo(2);
        assertThat(stats.toJson()).contains("\"format\":\"HF_JSON\"", "\"examples\":4",
                "\"examples_per_persona\":{\"min\":1,\"median\":2,\"max\":3}");
    }

    @Test
    void skipsADialogueWithoutPersonalityAndReportsItsLine() throws IOException {
        Path f = write(dir, "hf.json",
                "{\"train\":[",
                "{\"utterances\":[]},",
                dialogue("i like dogs .", "i am a pilot .", "hey", "yo") + "]}");
        assertThatThrownBy(() -> PersonaData.open(f, ReadOptions.defaults()))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining(f + ":2: dialogue hf#train/0 needs a non-empty 'personality'");
        PersonaData data = PersonaData.open(f, skip());
        assertThat(examples(data)).extracting(ConversationExample::reply).containsExactly("yo");
        assertThat(data.problems()).extracting(Problem::line).containsExactly(2L);
    }

    @Test
    void reportsAnUtteranceWithoutCandidates() throws IOException {
        Path f = write(dir, "hf.json",
                "{\"train\":[{\"personality\":[\"a\",\"b\"],\"utterances\":[{\"history\":[\"hi\"],\"candidates\":[]}]}]}");
        PersonaData data = PersonaData.open(f, skip());
        assertThat(examples(data)).isEmpty();
        assertThat(data.problems()).singleElement().satisfies(p -> assertThat(p.reason()).contains("utterance 0"));
    }

    @Test
    void stopsAtBrokenJsonWithTheLineOfTheError() throws IOException {
        Path f = write(dir, "hf.json",
                "{\"train\":[",
                dialogue("i like dogs .", "i am a pilot .", "hey", "yo") + ",",
                "{\"personality\": oops}]}");
        assertThatThrownBy(() -> PersonaData.open(f, ReadOptions.defaults()))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining(":5: not valid JSON");
        PersonaData data = PersonaData.open(f, skip());
        assertThat(examples(data)).hasSize(1);
        assertThat(data.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(5));
    }
}
