package io.metastream.trainer;

import static io.metastream.trainer.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TaskPoolTest {
    /** One step of a random pool history: offer persona p at revision r, or complete a round. */
    record Step(boolean round, int persona, int revision) {
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Step> offer = Combinators.combine(Arbitraries.integers().between(0, 11),
                Arbitraries.integers().between(0, 3)).as((p, r) -> new Step(false, p, r));
        Arbitrary<Step> round = Arbitraries.just(new Step(true, 0, 0));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, offer), net.jqwik.api.Tuple.of(1, round))
                .list().ofMaxSize(60);
    }

    @Property
    void sizeIsBoundedAndRoundsTakeEveryNewTaskOnce(@ForAll("histories") List<Step> history,
            @ForAll @IntRange(min = 1, max = 6) int capacity, @ForAll @IntRange(min = 0, max = 4) int replay,
            @ForAll long seed) {
        TaskPool pool = new TaskPool(capacity);
        Random random = new Random(seed);
        for (Step s : history) {
            if (s.round()) {
                TaskPool.RoundPlan plan = pool.plan(replay, random);
                assertThat(plan.fresh()).hasSize(pool.newCount());
                assertThat(plan.replayed()).hasSizeLessThanOrEqualTo(replay);
                Set<String> ids = new HashSet<>(plan.taskIds());
                assertThat(ids).as("no task twice in a round").hasSize(plan.taskIds().size());
                pool.completed(plan);
                assertThat(pool.newCount()).isZero();
            } else {
                pool.offer(task("p" + s.persona(), s.revision()));
            }
            assertThat(pool.size()).isLessThanOrEqualTo(Math.max(capacity, pool.newCount()));
        }
    }

    @Property
    void sameStateAndSeedGiveTheSameRound(@ForAll @IntRange(min = 0, max = 20) int old,
            @ForAll @IntRange(min = 0, max = 5) int replay, @ForAll long seed) {
        TaskPool a = poolWithOld(old);
        TaskPool b = poolWithOld(old);
        assertThat(a.plan(replay, new Random(seed)).taskIds()).isEqualTo(b.plan(replay, new Random(seed)).taskIds());
    }

    private static TaskPool poolWithOld(int old) {
        TaskPool pool = new TaskPool(100);
        for (int i = 0; i < old; i++) {
            pool.restore(task("old" + i, 0));
        }
        pool.offer(task("fresh", 0));
        return pool;
    }

    @Test
    void roundTakesAllNewTasksInArrivalOrderPlusReplayedOldOnes() {
        TaskPool pool = new TaskPool(10);
        pool.restore(task("a", 0));
        pool.restore(task("b", 0));
        pool.restore(task("c", 0));
        pool.offer(task("y", 0));
        pool.offer(task("x", 0));

        TaskPool.RoundPlan plan = pool.plan(2, new Random(1));
        assertThat(plan.fresh()).extracting(PersonaTask::taskId).containsExactly("y", "x");
        assertThat(plan.replayed()).hasSize(2).extracting(PersonaTask::taskId).isSubsetOf("a", "b", "c");
        pool.completed(plan);
        assertThat(pool.newCount()).isZero();
        assertThat(pool.plan(0, new Random(1)).fresh()).isEmpty();
    }

    @Test
    void newerRevisionReplacesAndIsNewAgainWhileStaleOnesAreIgnored() {
        TaskPool pool = new TaskPool(10);
        assertThat(pool.offer(task("a", 1))).isEqualTo(TaskPool.Offer.ADDED);
        pool.completed(pool.plan(0, new Random(0)));
        assertThat(pool.offer(task("a", 1))).isEqualTo(TaskPool.Offer.IGNORED_STALE);
        assertThat(pool.offer(task("a", 0))).isEqualTo(TaskPool.Offer.IGNORED_STALE);
        assertThat(pool.newCount()).isZero();
        assertThat(pool.offer(task("a", 2))).isEqualTo(TaskPool.Offer.REPLACED);
        assertThat(pool.plan(0, new Random(0)).fresh()).extracting(PersonaTask::revision).containsExactly(2L);
    }

    @Test
    void revisionArrivingDuringARoundStaysNew() {
        TaskPool pool = new TaskPool(10);
        pool.offer(task("a", 1));
        TaskPool.RoundPlan plan = pool.plan(0, new Random(0));
        pool.offer(task("a", 2));
        pool.completed(plan);
        assertThat(pool.newCount()).isEqualTo(1);
    }

    @Test
    void evictsLeastRecentlyUpdatedOldTaskNeverANewOne() {
        TaskPool pool = new TaskPool(2);
        pool.restore(task("old1", 0));
        pool.restore(task("old2", 0));
        pool.offer(task("new1", 0));
        assertThat(pool.contains("old1")).isFalse();
        assertThat(pool.contains("old2")).isTrue();
        pool.offer(task("new2", 0));
        pool.offer(task("new3", 0));
        assertThat(pool.size()).isEqualTo(3);
        assertThat(pool.newCount()).isEqualTo(3);
        pool.completed(pool.plan(0, new Random(0)));
        assertThat(pool.size()).isEqualTo(2);
        assertThat(pool.contains("new2")).isTrue();
        assertThat(pool.contains("new3")).isTrue();
    }

    @Test
    void refusesHeldOutTasks() {
        TaskPool pool = new TaskPool(2);
        assertThat(pool.offer(task("h", 0, Split.HELD_OUT))).isEqualTo(TaskPool.Offer.REFUSED_HELD_OUT);
        assertThat(pool.restore(task("h", 0, Split.HELD_OUT))).isEqualTo(TaskPool.Offer.REFUSED_HELD_OUT);
        assertThat(pool.size()).isZero();
    }
}
