package io.metastream.evaluator;

import static io.metastream.evaluator.HeldOut.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationSetTest {
    @TempDir
    Path dir;

    @Property
    void freezingIgnoresArrivalOrder(@ForAll @IntRange(min = 3, max = 12) int available, @ForAll long shuffleSeed) {
        List<PersonaTask> tasks = new ArrayList<>();
        for (int i = 0; i < available; i++) {
            tasks.add(task(String.format("p%02d", i), i % 3));
        }
        EvaluationSet a = EvaluationSet.freeze(tasks, 3);
        Collections.shuffle(tasks, new java.util.Random(shuffleSeed));
        EvaluationSet b = EvaluationSet.freeze(tasks, 3);
        assertThat(b).isEqualTo(a);
        assertThat(a.tasks()).extracting(PersonaTask::personaId).containsExactly("p00", "p01", "p02");
    }

    @Test
    void collectorKeepsLatestHeldOutRevisionAndIgnoresTrainTasks() {
        HeldOutCollector c = new HeldOutCollector();
        assertThat(c.offer(task("a", 0))).isTrue();
        assertThat(c.offer(task("a", 2))).isTrue();
        assertThat(c.offer(task("a", 1))).isFalse();
        assertThat(c.offer(task("b", 0, Split.TRAIN))).isFalse();
        assertThat(c.offer(null)).isFalse();
        assertThat(c.personas()).isEqualTo(1);
        assertThat(c.freeze(1).tasks()).extracting(PersonaTask::revision).containsExactly(2L);
        assertThatThrownBy(() -> c.freeze(2)).hasMessageContaining("need 2 held-out personas, have 1");
    }

    @Test
    void writtenSetReloadsIdenticallyAndStaysFrozen() throws IOException {
        assertThat(EvaluationSet.load(dir)).isEmpty();
        EvaluationSet set = EvaluationSet.freeze(List.of(task("a", 0), task("b", 0)), 2);
        Path file = set.write(dir);
        assertThat(file.getFileName().toString()).isEqualTo("evalset-" + set.evalSetVersion() + ".json");
        assertThat(EvaluationSet.load(dir)).contains(set);

        EvaluationSet revised = EvaluationSet.freeze(List.of(task("a", 1), task("b", 0)), 2);
        assertThat(revised.evalSetVersion()).isNotEqualTo(set.evalSetVersion());
        assertThat(EvaluationSet.load(dir)).as("nothing rewrites the frozen set").contains(set);
    }

    @Test
    void tamperedSetFileIsRefused() throws IOException {
        EvaluationSet set = EvaluationSet.freeze(List.of(task("a", 0), task("b", 0)), 2);
        Path file = set.write(dir);
        Files.writeString(file, Files.readString(file).replace("hello", "HELLO"));
        assertThatThrownBy(() -> EvaluationSet.load(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("does not match its content");
    }

    @Test
    void refusesTrainTasksAndDuplicatePersonas() {
        assertThatThrownBy(() -> new EvaluationSet(EvaluationSet.digest(List.of(task("a", 0, Split.TRAIN))),
                List.of(task("a", 0, Split.TRAIN)))).hasMessageContaining("HELD_OUT");
        List<PersonaTask> twice = List.of(task("a", 0), task("a", 1));
        assertThatThrownBy(() -> new EvaluationSet(EvaluationSet.digest(twice), twice))
                .hasMessageContaining("each persona once");
    }
}
