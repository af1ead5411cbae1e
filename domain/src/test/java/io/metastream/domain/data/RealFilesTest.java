package io.metastream.domain.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.metastream.domain.ConversationExample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RealFilesTest {

    @Test
    void convai2ValidHasTheExpectedDialoguesExamplesAndPersonas() throws IOException {
        PersonaData data = PersonaData.open(SharedFiles.persona(SharedFiles.CONVAI2), ReadOptions.defaults());
        DataStats stats = data.stats();
        assertThat(stats.format()).isEqualTo(DataFormat.PARLAI);
        assertThat(stats.dialogues()).isEqualTo(1_000);
        assertThat(stats.examples()).isEqualTo(7_801);
        assertThat(stats.personas()).isEqualTo(100);
        assertThat(stats.problems()).isZero();
        assertThat(stats.minPerPersona()).isPositive();
        assertThat(stats.maxPerPersona()).isGreaterThanOrEqualTo(stats.minPerPersona());
    }

    @Test
    void spcTestHasTheExpectedConversationsAndPersonasWithExamplesOnBothSides() throws IOException {
        PersonaData data = PersonaData.open(SharedFiles.persona(SharedFiles.SPC), ReadOptions.defaults());
        DataStats stats = data.stats();
        assertThat(stats.format()).isEqualTo(DataFormat.SPC_CSV);
        assertThat(stats.dialogues()).isEqualTo(968);
        assertThat(stats.personas()).isEqualTo(100);
        assertThat(stats.problems()).isZero();
        Map<String, Set<String>> personasByDialogue = new HashMap<>();
        data.forEach(e -> personasByDialogue.computeIfAbsent(e.dialogueId(), k -> new HashSet<>()).add(e.personaId()));
        assertThat(personasByDialogue).hasSize(967); // row 510's conversation cell is empty
        // Both sides speak examples for their own persona; rows 706 and 755 pair a persona with itself.
        assertThat(personasByDialogue.values().stream().filter(p -> p.size() == 2)).hasSize(965);
        assertThat(personasByDialogue.values().stream().filter(p -> p.size() == 1)).hasSize(2);
    }

    @Test
    void everyConvai2ExampleGetsTwentyDistinctCandidatesFromOtherPersonasContainingTheGold() throws IOException {
        PersonaData data = PersonaData.open(SharedFiles.persona(SharedFiles.CONVAI2), ReadOptions.defaults());
        List<ConversationExample> examples = new ArrayList<>();
        data.forEach(examples::add);
        Map<String, Set<String>> speakers = new HashMap<>();
        for (ConversationExample e : examples) {
            speakers.computeIfAbsent(e.reply(), k -> new HashSet<>()).add(e.personaId());
        }
        assertThat(examples).hasSize(7_801);
        for (ConversationExample e : examples) {
            List<String> c = e.candidates();
            if (c.size() != 20 || new HashSet<>(c).size() != 20 || !c.contains(e.reply())) {
                fail("%s has candidates %s: expected 20 distinct with the gold %s", e.exampleId(), c, e.reply());
            }
            for (String d : c) {
                if (!d.equals(e.reply())) {
                    Set<String> spokenBy = speakers.getOrDefault(d, Set.of());
                    if (!spokenBy.stream().anyMatch(p -> !p.equals(e.personaId()))) {
                        fail("distractor '%s' of %s is not a reply of another persona", d, e.exampleId());
                    }
                }
            }
        }
    }

    @Test
    void candidateSetsAreTheSameOnASecondReadAndChangeWithTheSeed() throws IOException {
        var file = SharedFiles.persona(SharedFiles.CONVAI2);
        List<List<String>> first = candidates(PersonaData.open(file, ReadOptions.defaults()));
        List<List<String>> again = candidates(PersonaData.open(file, ReadOptions.defaults()));
        List<List<String>> otherSeed = candidates(PersonaData.open(file, ReadOptions.defaults().withSeed(7)));
        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    private static List<List<String>> candidates(PersonaData data) throws IOException {
        List<List<String>> out = new ArrayList<>();
        data.forEach(e -> out.add(e.candidates()));
        return out;
    }
}
