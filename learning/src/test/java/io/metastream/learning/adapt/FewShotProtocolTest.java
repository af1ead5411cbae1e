package io.metastream.learning.adapt;

import io.metastream.model.weights.BaseModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.learning.api.AdaptationRequest;
import io.metastream.learning.api.AdaptationResult;
import io.metastream.learning.api.QueryOutcomes;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FewShotProtocolTest {

  static final Map<String, String> SMALL = Map.of("rank", "2", "steps", "2", "lr", "1e-2",
      "negatives", "3", "context_len", "12", "candidate_len", "12", "tasks_per_step", "2");

  @TempDir
  Path dir;
  Path base;
  List<PersonaTask> tasks;

  @BeforeEach
  void tinyBase() throws Exception {
    base = dir.resolve("base");
    try (NDManager m = NDManager.newBaseManager()) {
      BaseModel.load("tiny", m, 7, null).export(base);
    }
    tasks = ToyPersonas.tasks(20, 3, 8, 6, Split.HELD_OUT, 3);
  }

  @Test
  void keptAdaptersReproduceTheFirstSeedsOutcomesWhenPortedToTheSameBase() throws Exception {
    Path kept = dir.resolve("kept");
    AdaptationResult r = new FewShotProtocol().evaluate(new AdaptationRequest(base, tasks,
        List.of(4L, 5L), SMALL), kept);
    List<Portability.Ported> ported = tasks.stream()
        .map(t -> new Portability.Ported(t, kept.resolve(Registry.directoryName(t.taskId()))))
        .toList();
    List<Portability.Outcome> again = Portability.score(base, ported, SMALL);
    for (int t = 0; t < tasks.size(); t++) {
      String task = tasks.get(t).taskId();
      QueryOutcomes firstSeed = r.outcomes().stream()
          .filter(o -> o.task().equals(task) && o.seed() == 4L).findFirst().orElseThrow();
      assertThat(again.get(t).failure()).isEmpty();
      assertThat(again.get(t).hits()).as(task).isEqualTo(firstSeed.correct());
    }
  }

  @Test
  void sameSeedGivesTheSameScores() throws Exception {
    AdaptationResult a = new FewShotProtocol().evaluate(new AdaptationRequest(base, tasks,
        List.of(4L), SMALL));
    AdaptationResult b = new FewShotProtocol().evaluate(new AdaptationRequest(base, tasks,
        List.of(4L), SMALL));
    assertThat(b).isEqualTo(a);
    assertThat(a.perTaskHits1()).containsOnlyKeys(tasks.stream().map(PersonaTask::taskId).toList());
  }

  @Test
  void reportsTheLastEpochEvenWhenTrainingMadeThingsWorse() throws Exception {
    // echo tasks: the gold reply repeats the context, so the untouched base ranks it first
    // (zero-shot 100%); a rate this large wrecks the fresh head and adapters, so the last epoch
    // scores lower, which a protocol picking the best epoch would not report
    List<PersonaTask> echo = ToyPersonas.echoTasks(3, 8, 6, 3);
    Map<String, String> wrecking = new HashMap<>(SMALL);
    wrecking.put("lr", "30");
    wrecking.put("steps", "3");
    wrecking.put("warmup", "0");
    AdaptationResult r = new FewShotProtocol().evaluate(new AdaptationRequest(base, echo,
        List.of(1L), wrecking));
    assertThat(r.zeroShotHits1()).isEqualTo(1.0);
    assertThat(r.hits1Mean()).isLessThan(0.9);
  }

  @Test
  void everyPersonaTakesExactlyTheBudgetOfStepsWhateverItsSupportSize() throws Exception {
    // 3 steps over support sets of 8 at batch 3: 3 mini-batches per pass, so one pass; at batch 2
    // the same budget is 3 of a pass's 4 mini-batches: the step count, not the epochs, is fixed
    for (String batch : List.of("3", "2")) {
      Map<String, String> o = new HashMap<>(SMALL);
      o.put("steps", "3");
      o.put("batch", batch);
      long[] progress = new long[2];
      new FewShotProtocol((d, t) -> {
        progress[0] = d;
        progress[1] = t;
      }).evaluate(new AdaptationRequest(base, tasks, List.of(1L), o));
      // 3 personas, 2 per forward pass: 2 passes per step
      assertThat(progress).as("batch " + batch).containsExactly(3L * 2, 3L * 2);
    }
  }

  @Test
  void averagesOverPersonasAndSeedsWithAStandardError() throws Exception {
    long[] progress = new long[2];
    FewShotProtocol.Detailed d = new FewShotProtocol((done, t) -> {
      progress[0] = done;
      progress[1] = t;
    }).evaluateDetailed(new AdaptationRequest(base, tasks, List.of(1L, 2L), SMALL));
    AdaptationResult r = d.result();
    List<Double> scores = d.scores().stream().map(FewShotProtocol.TaskScore::hits1).toList();
    assertThat(scores).hasSize(tasks.size() * 2); // one score per (persona, seed)
    assertThat(r.hits1Mean()).isCloseTo(io.metastream.learning.stats.Stats.mean(scores), within(1e-12));
    assertThat(r.hits1Se()).isCloseTo(io.metastream.learning.stats.Stats.standardError(scores),
        within(1e-12));
    assertThat(r.mrrMean()).isGreaterThanOrEqualTo(r.hits1Mean());
    assertThat(progress[0]).isEqualTo(progress[1]).isPositive();
  }

  @Test
  void keepsEveryQuerysOutcomePerPersonaAndSeedBeforeAndAfterAdaptation() throws Exception {
    AdaptationResult r = new FewShotProtocol().evaluate(new AdaptationRequest(base, tasks,
        List.of(1L, 2L), SMALL));
    assertThat(r.outcomes()).hasSize(tasks.size() * 2);
    double hits = 0;
    double zero = 0;
    for (QueryOutcomes o : r.outcomes()) {
      PersonaTask t = tasks.stream().filter(x -> x.taskId().equals(o.task())).findFirst().orElseThrow();
      assertThat(o.correct()).hasSize(t.query().size());
      assertThat(o.zeroShotCorrect()).hasSize(t.query().size());
      hits += o.correct().stream().filter(b -> b).count() / (double) o.correct().size();
      zero += o.zeroShotCorrect().stream().filter(b -> b).count() / (double) o.correct().size();
    }
    assertThat(r.outcomes()).extracting(QueryOutcomes::seed).containsOnly(1L, 2L);
    assertThat(hits / r.outcomes().size()).isCloseTo(r.hits1Mean(), within(1e-9));
    assertThat(zero / r.outcomes().size()).isCloseTo(r.zeroShotHits1(), within(1e-9));
  }

  @Test
  void crossEncoderAdaptsAndScoresEveryCandidatePair() throws Exception {
    Map<String, String> cross = new HashMap<>(SMALL);
    cross.put("scorer", "cross");
    AdaptationResult r = new FewShotProtocol().evaluate(new AdaptationRequest(base, tasks,
        List.of(2L), cross));
    assertThat(r.hits1Mean()).isBetween(0.0, 1.0);
    assertThat(r.mrrMean()).isGreaterThanOrEqualTo(r.hits1Mean()).isGreaterThan(0.0);
    assertThat(r.zeroShotHits1()).isBetween(0.0, 1.0);
  }

  @Test
  void refusesQueryExamplesWithoutCandidates() {
    PersonaTask t = tasks.get(0);
    var bare = t.query().stream().map(e -> e.withCandidates(List.of())).toList();
    PersonaTask noCands = new PersonaTask(t.taskId(), t.personaId(), t.split(), 0, t.support(), bare,
        List.of());
    assertThat(catchThrowable(() -> new FewShotProtocol().evaluate(new AdaptationRequest(base,
        List.of(noCands), List.of(1L), SMALL)))).hasMessageContaining("candidates");
  }
}
