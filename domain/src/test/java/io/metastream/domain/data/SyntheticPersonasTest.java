package io.metastream.domain.data;

import static io.metastream.domain.data.TempFiles.examples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.domain.ConversationExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticPersonasTest {
    private static final SyntheticConfig SMALL = new SyntheticConfig(12, 3, 5, 4, 11L);
    @TempDir
    Path dir;

    @Test
    void statsOfAWrittenFileAreAsConfiguredAndPersonaIdsSurviveTheRoundTrip() throws IOException {
        SyntheticPersonas gen = new SyntheticPersonas(SMALL);
        Path f = dir.resolve("synthetic.txt");
        gen.writeParlai(f);
        PersonaData data = PersonaData.open(f, ReadOptions.defaults());
        DataStats stats = data.stats();
        assertThat(stats).isEqualTo(new DataStats(DataFormat.PARLAI, 36, 180, 12, 15, 15, 15, 0));
        List<ConversationExample> read = examples(data);
        List<ConversationExample> generated = gen.examples().toList();
        assertThat(read).extracting(ConversationExample::personaId)
                .containsExactlyElementsOf(generated.stream().map(ConversationExample::personaId).toList());
        assertThat(read).extracting(ConversationExample::candidates)
                .containsExactlyElementsOf(generated.stream().map(ConversationExample::candidates).toList());
        assertThat(read).extracting(ConversationExample::context)
                .containsExactlyElementsOf(generated.stream().map(ConversationExample::context).toList());
        assertThat(gen.personaFacts()).hasSize(12).containsOnlyKeys(read.stream().map(ConversationExample::personaId)
                .collect(Collectors.toSet()));
    }

    @Test
    void theSameSeedWritesIdenticalBytesAndAnotherSeedDoesNot() throws IOException {
        Path a = dir.resolve("a.txt");
        Path b = dir.resolve("b.txt");
        Path c = dir.resolve("c.txt");
        new SyntheticPersonas(SMALL).writeParlai(a);
        new SyntheticPersonas(SMALL).writeParlai(b);
        new SyntheticPersonas(SMALL.withSeed(12L)).writeParlai(c);
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
        assertThat(Files.readAllBytes(c)).isNotEqualTo(Files.readAllBytes(a));
    }

    @Test
    void everyReplyStatesAFactOfThePersonaThatSpeaksIt() {
        new SyntheticPersonas(SMALL).examples().forEach(e -> assertThat(ownReplies(e.personaFacts())).contains(e.reply()));
    }

    @Test
    void personasWithDifferentFactsGiveDifferentRepliesToTheSameQuestion() {
        Map<String, Map<String, Set<String>>> personasByReplyByQuery = new HashMap<>();
        List<ConversationExample> all = new SyntheticPersonas(SyntheticConfig.defaults()).examples().toList();
        Map<String, List<String>> facts = new HashMap<>();
        for (ConversationExample e : all) {
            facts.put(e.personaId(), e.personaFacts());
            personasByReplyByQuery.computeIfAbsent(e.query(), k -> new HashMap<>())
                    .computeIfAbsent(e.reply(), k -> new HashSet<>()).add(e.personaId());
        }
        personasByReplyByQuery.forEach((query, byReply) -> {
            assertThat(byReply).as("distinct replies to %s", query).hasSizeGreaterThan(1);
            byReply.values().forEach(personas -> {
                for (String p : personas) {
                    for (String q : personas) {
                        if (!p.equals(q)) {
                            assertThat(facts.get(p)).as("personas giving the same reply share a fact")
                                    .containsAnyElementsOf(facts.get(q));
                        }
                    }
                }
            });
        });
    }

    @Test
    void distractorsNeverStateThePersonasOwnFactsAndAboutHalfShareTheQueriedTopic() {
        new SyntheticPersonas(SMALL).examples().forEach(e -> {
            assertThat(e.candidates()).hasSize(20).doesNotHaveDuplicates().contains(e.reply());
            Set<String> own = ownReplies(e.personaFacts());
            FactBank.Topic topic = topicOf(e.reply());
            long sameTopic = e.candidates().stream().filter(c -> !c.equals(e.reply()))
                    .peek(c -> assertThat(own).doesNotContain(c))
                    .filter(c -> topicOf(c) == topic).count();
            assertThat(sameTopic).isEqualTo(9);
        });
    }

    @Test
    void refusesAConfigWhosePersonasCannotBeKeptApart() {
        assertThatThrownBy(() -> new SyntheticPersonas(new SyntheticConfig(5_000, 1, 1, 8, 1L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share at most one fact");
        assertThatThrownBy(() -> new SyntheticConfig(3, 1, 1, 1, 1L)).hasMessageContaining("factsPerPersona");
    }

    /** Every reply any template renders from the persona's facts. */
    private static Set<String> ownReplies(List<String> personaFacts) {
        Set<String> out = new HashSet<>();
        for (FactBank.Topic t : FactBank.topics()) {
            for (int v = 0; v < t.values().size(); v++) {
                if (personaFacts.contains(t.fact(v))) {
                    for (int r = 0; r < t.replies().size(); r++) {
                        out.add(t.reply(r, v));
                    }
                }
            }
        }
        return out;
    }

    private static FactBank.Topic topicOf(String reply) {
        for (FactBank.Topic t : FactBank.topics()) {
            for (int v = 0; v < t.values().size(); v++) {
                for (int r = 0; r < t.replies().size(); r++) {
                    if (t.reply(r, v).equals(reply)) {
                        return t;
                    }
                }
            }
        }
        throw new AssertionError("not a fact-bank reply: " + reply);
    }
}
