package io.metastream.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.metastream.model.encoder.Encoder;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.EncoderConfig.Variant;
import io.metastream.model.lora.HeadBank;
import io.metastream.model.lora.LoraBank;
import io.metastream.model.lora.LoraConfig;
import io.metastream.model.train.CrossEncoderScorer;
import io.metastream.model.train.Learner;
import io.metastream.model.train.LrSchedule;
import io.metastream.model.train.ScoringModel;
import io.metastream.model.train.TaskBatch;
import org.junit.jupiter.api.Test;

class NoLeakTest {

  @Test
  void twoHundredTrainingStepsKeepTheManagersArrayCountConstant() {
    EncoderConfig config = EncoderConfig.tiny(Variant.BERT).withDropout(0.1f, 0.1f);
    try (NDManager root = NDManager.newBaseManager()) {
      ScoringModel model = new ScoringModel(Encoder.random(config, root),
          LoraBank.create(config, LoraConfig.of(2), 3, root),
          HeadBank.create(3, config.hiddenSize(), 2, root));
      TaskBatch mixed = LearnerTest.pairBatch(new int[] {0, 1, 2, 0}, 5);
      TaskBatch single = LearnerTest.pairBatch(new int[] {1, 1, 1, 1}, 6);
      try (Learner learner = Learner.builder().setModel(model).setScorer(new CrossEncoderScorer())
          .optSchedule(new LrSchedule(1e-3, 10, 300)).build(root)) {
        learner.step(mixed);
        learner.scores(single);
        int warm = root.getManagedArrays().size();
        for (int i = 0; i < 200; i++) {
          learner.step(i % 2 == 0 ? mixed : single);
        }
        learner.scores(mixed);
        learner.evaluate(single);
        assertThat(root.getManagedArrays()).hasSize(warm);
        // the count does see arrays left in sub-managers, so a leak there would fail above
        NDManager sub = root.newSubManager();
        sub.zeros(new ai.djl.ndarray.types.Shape(2));
        assertThat(root.getManagedArrays()).hasSize(warm + 1);
      }
    }
  }
}
