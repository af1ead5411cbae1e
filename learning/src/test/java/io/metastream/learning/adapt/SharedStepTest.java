package io.metastream.learning.adapt;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.model.lora.LoraConfig;
import io.metastream.model.text.PairTokenizer;
import io.metastream.model.text.TextCodec;
import io.metastream.model.train.AdamW;
import io.metastream.model.train.ExampleBatcher;
import io.metastream.model.train.Learner;
import io.metastream.model.train.Scorer;
import io.metastream.model.train.ScorerOptions;
import io.metastream.model.train.ScoringModel;
import io.metastream.model.train.TaskExamples;
import io.metastream.model.weights.BaseModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Persona examples through the model core: per-task isolation and the untrained adapter. */
class SharedStepTest {

  @Test
  void eachTasksAdapterAndHeadKeepTheirValuesWhileOtherTasksTrain() throws Exception {
    List<PersonaTask> tasks = ToyPersonas.tasks(0, 2, 8, 0, Split.TRAIN, 1);
    try (NDManager root = NDManager.newBaseManager()) {
      BaseModel base = BaseModel.load("tiny", root, 3, null);
      Scorer scorer = ScorerOptions.defaults(ScorerOptions.Kind.BI).withVectorHead().scorer();
      try (PairTokenizer tok = base.tokenizer()) {
        ScoringModel model = ScoringModel.create(base.encoder(), new LoraConfig(2, 16, 0f,
            LoraConfig.ALL_LINEAR), scorer, 2, root);
        ExampleBatcher batcher = new ExampleBatcher(new TextCodec(tok, 12, 12),
            ScorerOptions.Kind.BI, 2);
        try (Learner learner = Learner.builder().setModel(model).setScorer(scorer)
            .optOptimizer(AdamW.withDecay(0.01f)).build(root)) {
          SplittableRandom r = new SplittableRandom(1);
          Map<String, float[]> fresh = task(model, 0);
          batcher.trainStep(learner, List.of(new TaskExamples(0, tasks.get(0).support())), 1e-3,
              t -> 1e-2, r);
          Map<String, float[]> afterOwnStep = task(model, 0);
          for (int i = 0; i < 3; i++) {
            batcher.trainStep(learner, List.of(new TaskExamples(1, tasks.get(1).support())),
                1e-3, t -> 1e-2, r);
          }
          Map<String, float[]> afterOthers = task(model, 0);

          String b = "encoder.layer.0.attention.self.query.lora_B";
          assertThat(afterOwnStep.get(b)).isNotEqualTo(fresh.get(b));
          assertThat(afterOwnStep.get("head.u")).isNotEqualTo(fresh.get("head.u"));
          afterOthers.forEach((k, v) -> assertThat(v).as(k).containsExactly(afterOwnStep.get(k)));
          assertThat(learner.taskSteps(0)).isEqualTo(1);
          assertThat(learner.taskSteps(1)).isEqualTo(3);

          batcher.trainStep(learner, List.of(new TaskExamples(0, tasks.get(0).support())), 1e-3,
              t -> 1e-2, r);
          assertThat(learner.taskSteps(0)).isEqualTo(2);
          assertThat(task(model, 0).get(b)).isNotEqualTo(afterOwnStep.get(b));
        }
      }
    }
  }

  @Test
  void untrainedAdapterLeavesScoresOfTheBaseUnchanged() throws Exception {
    List<PersonaTask> tasks = ToyPersonas.tasks(0, 1, 4, 4, Split.HELD_OUT, 1);
    try (NDManager root = NDManager.newBaseManager()) {
      BaseModel base = BaseModel.load("tiny", root, 3, null);
      Scorer scorer = new ScorerOptions(ScorerOptions.Kind.BI, ScorerOptions.Pooling.MEAN,
          ScorerOptions.Similarity.COSINE, 20f, ScorerOptions.BiHead.VECTOR,
          ScorerOptions.Pooling.MEAN, false).scorer();
      try (PairTokenizer tok = base.tokenizer()) {
        ScoringModel withLora = ScoringModel.create(base.encoder(), LoraConfig.of(4), scorer, 1,
            root);
        ScoringModel plain = ScoringModel.create(base.encoder(), null, scorer, 1, root);
        ExampleBatcher batcher = new ExampleBatcher(new TextCodec(tok, 12, 12),
            ScorerOptions.Kind.BI, 2);
        ExampleBatcher.Ranked ranked = batcher.ranking(List.of(new TaskExamples(0,
            tasks.get(0).query())));
        float[][] a = ranked.perExample(Learner.score(withLora, scorer, ranked.batch(), root));
        float[][] b = ranked.perExample(Learner.score(plain, scorer, ranked.batch(), root));
        assertThat(a.length).isEqualTo(tasks.get(0).query().size());
        for (int i = 0; i < a.length; i++) {
          assertThat(a[i]).hasSize(tasks.get(0).query().get(i).candidates().size())
              .containsExactly(b[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
      }
    }
  }

  /** Task {@code t}'s rows of every adapter and head array. */
  static Map<String, float[]> task(ScoringModel model, int t) {
    Map<String, float[]> out = new LinkedHashMap<>();
    model.adapters().arrays().forEach((k, v) -> out.put(k, row(v, t)));
    model.heads().arrays().forEach((k, v) -> out.put(k, row(v, t)));
    return out;
  }

  private static float[] row(NDArray stacked, int t) {
    try (NDArray r = stacked.get(t)) {
      return r.toFloatArray();
    }
  }
}
