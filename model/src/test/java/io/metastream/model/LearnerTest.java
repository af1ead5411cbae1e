package io.metastream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.metastream.model.encoder.Encoder;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.EncoderConfig.Variant;
import io.metastream.model.lora.HeadBank;
import io.metastream.model.lora.LoraBank;
import io.metastream.model.lora.LoraConfig;
import io.metastream.model.text.TokenBatch;
import io.metastream.model.train.AdamW;
import io.metastream.model.train.BiEncoderScorer;
import io.metastream.model.train.CrossEncoderScorer;
import io.metastream.model.train.Learner;
import io.metastream.model.train.LrSchedule;
import io.metastream.model.train.ScoringModel;
import io.metastream.model.train.FlatOptions;
import io.metastream.model.train.ScorerOptions;
import io.metastream.model.train.TaskBatch;
import org.junit.jupiter.api.Test;

class LearnerTest {

  private static final EncoderConfig CONFIG = EncoderConfig.tiny(Variant.ROBERTA);

  static TaskBatch pairBatch(int[] tasks, long seed) {
    TokenBatch tokens = Tiny.batch(tasks.length, 10, CONFIG.vocabSize(), CONFIG.padTokenId(), seed);
    int[] labels = new int[tasks.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 2;
    }
    return TaskBatch.pairs(tasks, tokens, labels);
  }

  @Test
  void crossEncoderLossFallsWhenFittingAFixedMixedTaskBatch() {
    try (NDManager root = NDManager.newBaseManager()) {
      ScoringModel model = new ScoringModel(Encoder.random(CONFIG, root),
          LoraBank.create(CONFIG, LoraConfig.of(4), 2, root),
          HeadBank.create(2, CONFIG.hiddenSize(), 2, root));
      TaskBatch batch = pairBatch(new int[] {0, 0, 1, 1, 0, 1}, 7);
      try (Learner learner = Learner.builder().setModel(model)
          .setScorer(new CrossEncoderScorer())
          .optSchedule(new LrSchedule(3e-3, 2, 40)).build(root)) {
        double first = learner.evaluate(batch);
        for (int i = 0; i < 40; i++) {
          learner.step(batch);
        }
        assertThat(learner.evaluate(batch)).isLessThan(first * 0.5);
        assertThat(learner.steps()).isEqualTo(40);
      }
    }
  }

  @Test
  void frozenBaseStaysUnchangedWhileAdaptersAndHeadsLearn() {
    try (NDManager root = NDManager.newBaseManager()) {
      Encoder enc = Encoder.random(CONFIG, root);
      ScoringModel model = new ScoringModel(enc, LoraBank.create(CONFIG, LoraConfig.of(2), 2, root),
          HeadBank.create(2, CONFIG.hiddenSize(), 2, root));
      float[] baseBefore = enc.array("encoder.layer.1.output.dense.weight").toFloatArray();
      float[] bBefore = model.adapters().arrays().get("encoder.layer.1.output.dense.lora_B")
          .toFloatArray();
      try (Learner learner = Learner.builder().setModel(model).setScorer(new CrossEncoderScorer())
          .optTrainBase(false).optSchedule(LrSchedule.constant(1e-2)).build(root)) {
        for (int i = 0; i < 3; i++) {
          learner.step(pairBatch(new int[] {0, 1, 0, 1}, i));
        }
        assertThat(learner.trainableNames()).noneMatch(n -> n.endsWith(".weight")
            && n.startsWith("encoder."));
      }
      assertThat(enc.array("encoder.layer.1.output.dense.weight").toFloatArray())
          .containsExactly(baseBefore);
      assertThat(model.adapters().arrays().get("encoder.layer.1.output.dense.lora_B")
          .toFloatArray()).isNotEqualTo(bBefore);
    }
  }

  @Test
  void biEncoderInBatchLossFalls() {
    try (NDManager root = NDManager.newBaseManager()) {
      ScoringModel model = new ScoringModel(Encoder.random(CONFIG, root),
          LoraBank.create(CONFIG, LoraConfig.of(4), 1, root), null);
      TokenBatch contexts = Tiny.batch(6, 10, CONFIG.vocabSize(), 1, 11);
      TokenBatch replies = Tiny.batch(6, 10, CONFIG.vocabSize(), 1, 12);
      TaskBatch batch = TaskBatch.dual(new int[6], contexts, replies, new int[] {0, 1, 2, 3, 4, 5});
      try (Learner learner = Learner.builder().setModel(model).setScorer(new BiEncoderScorer())
          .optOptimizer(AdamW.withDecay(0f)).optSchedule(LrSchedule.constant(3e-3)).build(root)) {
        double first = learner.evaluate(batch);
        for (int i = 0; i < 30; i++) {
          learner.step(batch);
        }
        assertThat(learner.evaluate(batch)).isLessThan(first * 0.5);
        assertThat(learner.scores(batch)).hasSize(36);
      }
    }
  }

  @Test
  void withoutInBatchNegativesEachContextRanksOnlyTheCandidatesDrawnForIt() {
    try (NDManager root = NDManager.newBaseManager()) {
      ScoringModel model = new ScoringModel(Encoder.random(CONFIG, root),
          LoraBank.create(CONFIG, LoraConfig.of(4), 1, root), null);
      // 3 contexts, each with its gold and one distractor: candidate rows (g0 d0 g1 d1 g2 d2)
      TokenBatch contexts = Tiny.batch(3, 10, CONFIG.vocabSize(), 1, 21);
      TokenBatch replies = Tiny.batch(6, 10, CONFIG.vocabSize(), 1, 22);
      int[] owners = {0, 0, 1, 1, 2, 2};
      TaskBatch batch = TaskBatch.dual(new int[3], contexts, replies, new int[6], new int[] {0, 2, 4})
          .withOwners(owners);
      BiEncoderScorer own = new BiEncoderScorer();
      BiEncoderScorer inBatch = new BiEncoderScorer(ScorerOptions.read(
          new FlatOptions(java.util.Map.of("in_batch_negatives", "true"))));
      float[] s = Learner.score(model, own, batch, root);
      double expected = 0;
      for (int i = 0; i < 3; i++) { // softmax over row i's own two candidates, by hand
        double g = s[i * 6 + 2 * i];
        double d = s[i * 6 + 2 * i + 1];
        expected += -(g - Math.log(Math.exp(g) + Math.exp(d))) / 3;
      }
      try (Learner a = Learner.builder().setModel(model).setScorer(own).build(root);
          Learner b = Learner.builder().setModel(model).setScorer(inBatch).build(root)) {
        assertThat(a.evaluate(batch)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4));
        // with the other contexts' candidates as negatives the loss is larger (more terms)
        assertThat(b.evaluate(batch)).isGreaterThan(a.evaluate(batch) + 1e-3);
      }
    }
    assertThatThrownBy(() -> TaskBatch.dual(new int[2], Tiny.batch(2, 4, 50, 1, 1),
        Tiny.batch(2, 4, 50, 1, 2), new int[2], new int[] {0, 1}).withOwners(new int[] {1, 0}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gold");
  }

  @Test
  void aStepMovesOnlyTheTasksInTheBatchLikeSeparateParameters() {
    try (NDManager root = NDManager.newBaseManager()) {
      ScoringModel model = new ScoringModel(Encoder.random(CONFIG, root),
          LoraBank.create(CONFIG, LoraConfig.of(2), 2, root),
          HeadBank.create(2, CONFIG.hiddenSize(), 2, root));
      String b = "encoder.layer.0.attention.self.value.lora_B";
      try (Learner learner = Learner.builder().setModel(model).setScorer(new CrossEncoderScorer())
          .optTrainBase(false).optSchedule(LrSchedule.constant(1e-2)).build(root)) {
        learner.step(pairBatch(new int[] {1, 1, 1, 1}, 3));
        float[] task1Adapter = model.adapters().arrays().get(b).get(1).toFloatArray();
        float[] task1Head = model.heads().arrays().get("head.weight").get(1).toFloatArray();
        float[] task0Adapter = model.adapters().arrays().get(b).get(0).toFloatArray();
        for (int i = 0; i < 3; i++) {
          learner.step(pairBatch(new int[] {0, 0, 0, 0}, 4 + i));
        }
        // momentum and weight decay of task 1 must not keep moving it while it is absent
        assertThat(model.adapters().arrays().get(b).get(1).toFloatArray())
            .containsExactly(task1Adapter);
        assertThat(model.heads().arrays().get("head.weight").get(1).toFloatArray())
            .containsExactly(task1Head);
        assertThat(model.adapters().arrays().get(b).get(0).toFloatArray())
            .isNotEqualTo(task0Adapter);
        assertThat(learner.taskSteps(0)).isEqualTo(3);
        assertThat(learner.taskSteps(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void freshTaskBanksStartFromTheBaseAndCoverTheNewTaskCount() {
    try (NDManager root = NDManager.newBaseManager()) {
      ScoringModel model = new ScoringModel(Encoder.random(CONFIG, root),
          LoraBank.create(CONFIG, LoraConfig.of(2), 2, root),
          HeadBank.create(2, CONFIG.hiddenSize(), 2, root));
      LoraBankTest.randomizeB(model.adapters(), root);
      ScoringModel fresh = model.withFreshTasks(5, LoraConfig.of(2), root);
      assertThat(fresh.adapters().tasks()).isEqualTo(5);
      assertThat(fresh.heads().tasks()).isEqualTo(5);
      assertThat(fresh.encoder()).isSameAs(model.encoder());
      TokenBatch tokens = Tiny.batch(2, 8, CONFIG.vocabSize(), 1, 9);
      assertThat(LoraBankTest.run(fresh.encoder(), fresh.adapters(),
          tokens, new int[] {4, 3}, root)).containsExactly(
          LoraBankTest.run(fresh.encoder(), null, tokens,
              new int[] {4, 3}, root), org.assertj.core.data.Offset.offset(1e-6f));
      model.adapters().close();
      model.heads().close();
    }
  }

  @Test
  void refusesATaskIndexBeyondTheBanks() {
    try (NDManager root = NDManager.newBaseManager()) {
      ScoringModel model = new ScoringModel(Encoder.random(CONFIG, root),
          LoraBank.create(CONFIG, LoraConfig.of(2), 2, root),
          HeadBank.create(2, CONFIG.hiddenSize(), 2, root));
      try (Learner learner = Learner.builder().setModel(model).setScorer(new CrossEncoderScorer())
          .build(root)) {
        assertThatThrownBy(() -> learner.step(pairBatch(new int[] {0, 2}, 1)))
            .hasMessageContaining("task 2").hasMessageContaining("2 tasks");
      }
    }
  }

  @Test
  void crossEncoderWithoutHeadsIsRefusedWithAHint() {
    try (NDManager root = NDManager.newBaseManager()) {
      ScoringModel model = new ScoringModel(Encoder.random(CONFIG, root), null, null);
      assertThatThrownBy(() -> Learner.builder().setModel(model)
          .setScorer(new CrossEncoderScorer()).build(root)).hasMessageContaining("HeadBank");
    }
  }
}
