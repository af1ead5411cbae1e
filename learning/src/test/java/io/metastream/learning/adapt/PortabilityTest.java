package io.metastream.learning.adapt;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.domain.paired.PortabilityVerdict;
import io.metastream.model.text.PairTokenizer;
import io.metastream.model.text.TextCodec;
import io.metastream.model.train.ExampleBatcher;
import io.metastream.model.train.Learner;
import io.metastream.model.train.Scorer;
import io.metastream.model.train.ScoringModel;
import io.metastream.model.weights.BaseModel;
import io.metastream.model.weights.PeftAdapter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortabilityTest {

  /** Few-shot options small enough for the tiny model; the training budget stays the default. */
  static final Map<String, String> SMALL = Map.of("rank", "2", "lr", "1e-2", "context_len", "12",
      "candidate_len", "12", "tasks_per_step", "3");

  @TempDir
  Path dir;
  Path baseA;
  Path baseB;
  List<PersonaTask> tasks;

  @BeforeEach
  void twoTinyBases() throws Exception {
    baseA = tinyBase(dir.resolve("baseA"), 7);
    baseB = tinyBase(dir.resolve("baseB"), 8);
    tasks = ToyPersonas.tasks(20, 4, 8, 6, Split.HELD_OUT, 3);
  }

  static Path tinyBase(Path at, long seed) throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      BaseModel.load("tiny", m, seed, null).export(at);
    }
    return at;
  }

  /** Adapts every task in one bank on {@code base}, exports each; returns the in-bank query hits. */
  static List<List<Boolean>> adaptAndExport(Path base, List<PersonaTask> tasks,
      Map<String, String> options, Path outRoot) throws IOException {
    AdaptOptions o = AdaptOptions.parse(options);
    List<List<Boolean>> hits = new ArrayList<>();
    try (NDManager root = NDManager.newBaseManager()) {
      BaseModel b = BaseModel.loadDirectory(base, root, o.dropout());
      try (PairTokenizer tok = b.tokenizer()) {
        Scorer scorer = o.scorer().scorer();
        ScoringModel model = ScoringModel.create(b.encoder(), o.lora(), scorer, tasks.size(), root);
        ExampleBatcher batcher = new ExampleBatcher(new TextCodec(tok, o.contextLength(),
            o.candidateLength()), o.scorer().kind(), o.negatives());
        try (Learner l = FewShotProtocol.learner(model, scorer, o.weightDecay(), root)) {
          new FewShotProtocol().adapt(l, batcher, tasks, o, new SplittableRandom(1), 0, 1);
          FewShotProtocol.queryHits(l, batcher, tasks, o).forEach(h -> hits.add(h.hits()));
        }
        for (int t = 0; t < tasks.size(); t++) {
          AdapterFiles.export(model, t, outRoot.resolve(tasks.get(t).personaId()),
              PeftAdapter.Base.of(base), root);
        }
      }
    }
    return hits;
  }

  List<Portability.Ported> ported(Path adapters) {
    return tasks.stream().map(t -> new Portability.Ported(t, adapters.resolve(t.personaId())))
        .toList();
  }

  @Test
  void onItsOwnBaseAPortedAdapterAnswersExactlyAsItDidWhenTrained() throws Exception {
    List<List<Boolean>> trained = adaptAndExport(baseA, tasks, SMALL, dir.resolve("adapters"));

    List<Portability.Outcome> out = Portability.score(baseA, ported(dir.resolve("adapters")), SMALL);

    assertThat(out).extracting(Portability.Outcome::taskId)
        .containsExactlyElementsOf(tasks.stream().map(PersonaTask::taskId).toList());
    assertThat(out).allMatch(Portability.Outcome::loaded);
    assertThat(out).extracting(Portability.Outcome::hits).containsExactlyElementsOf(trained);
    List<PortabilityVerdict.Outcomes> paired = new ArrayList<>();
    for (int t = 0; t < out.size(); t++) {
      paired.add(out.get(t).against(trained.get(t)));
    }
    PortabilityVerdict.Summary s = PortabilityVerdict.defaults().summarize(paired);
    assertThat(s.portable()).isEqualTo(4);
    assertThat(s.negativeFlips()).isZero();
    assertThat(s.paired().orElseThrow().delta()).isZero();
  }

  @Test
  void scoringAllPersonasInOneBankGivesEachTheAnswersItGetsAlone() throws Exception {
    Map<String, String> opts = new HashMap<>(SMALL);
    adaptAndExport(baseA, tasks, opts, dir.resolve("adapters"));
    opts.put("tasks_per_step", "1"); // same forward batches alone and together: exact comparison

    List<Portability.Outcome> together = Portability.score(baseB, ported(dir.resolve("adapters")),
        opts);
    List<List<Boolean>> alone = new ArrayList<>();
    for (Portability.Ported p : ported(dir.resolve("adapters"))) {
      alone.add(Portability.score(baseB, List.of(p), opts).get(0).hits());
    }

    assertThat(together).extracting(Portability.Outcome::hits).containsExactlyElementsOf(alone);
    assertThat(together).allSatisfy(o -> assertThat(o.hits()).hasSize(6));
  }

  @Test
  void anAdapterThatDoesNotLoadIsReportedAndTheOthersAreStillScored() throws Exception {
    Path adapters = dir.resolve("adapters");
    adaptAndExport(baseA, tasks, SMALL, adapters);
    Files.writeString(adapters.resolve(tasks.get(0).personaId()).resolve(PeftAdapter.WEIGHTS),
        "not a safetensors file");
    List<Portability.Ported> list = new ArrayList<>(ported(adapters));
    list.add(new Portability.Ported(ToyPersonas.task(30, 4, 3, Split.HELD_OUT, 3),
        dir.resolve("nowhere")));

    List<Portability.Outcome> out = Portability.score(baseB, list, SMALL);

    assertThat(out).hasSize(5);
    assertThat(out.get(0).failure()).get().asString().contains(tasks.get(0).personaId());
    assertThat(out.get(0).hits()).isEmpty();
    assertThat(out.get(0).hits1()).isNaN();
    assertThat(out.get(4).failure()).get().asString().contains("nowhere");
    assertThat(PortabilityVerdict.defaults().judge(out.get(0).against(List.of(true, false, true,
        false, true, false))).verdict()).isEqualTo(PortabilityVerdict.Verdict.RE_ADAPT);
    assertThat(out.subList(1, 4)).allSatisfy(o -> {
      assertThat(o.loaded()).isTrue();
      assertThat(o.hits()).hasSize(6);
    });
  }

  @Test
  void adaptersOfDifferentRanksAreScoredInTheirOwnBanks() throws Exception {
    Path adapters = dir.resolve("adapters");
    adaptAndExport(baseA, tasks.subList(0, 2), SMALL, adapters);
    Map<String, String> rank4 = new HashMap<>(SMALL);
    rank4.put("rank", "4");
    List<List<Boolean>> trained = adaptAndExport(baseA, tasks.subList(2, 4), rank4, adapters);
    assertThat(AdapterFiles.config(adapters.resolve(tasks.get(3).personaId())).rank()).isEqualTo(4);

    List<Portability.Outcome> out = Portability.score(baseA, ported(adapters), SMALL);

    assertThat(out).allMatch(Portability.Outcome::loaded);
    assertThat(out.subList(2, 4)).extracting(Portability.Outcome::hits)
        .containsExactlyElementsOf(trained);
  }
}
