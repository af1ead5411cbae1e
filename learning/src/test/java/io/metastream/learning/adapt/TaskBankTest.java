package io.metastream.learning.adapt;

import io.metastream.model.weights.BaseModel;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.model.text.PairTokenizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TaskBankTest {

  @Test
  void eachTasksAdapterKeepsItsTrainedValuesWhileOtherTasksTrain() throws Exception {
    List<PersonaTask> tasks = ToyPersonas.tasks(0, 2, 8, 0, Split.TRAIN, 1);
    try (NDManager root = NDManager.newBaseManager(); NDManager states = root.newSubManager()) {
      BaseModel base = BaseModel.load("tiny", root, 3, null);
      try (PairTokenizer tok = base.tokenizer();
          TaskBank bank = new TaskBank(root, base.config(), 2, 16, 0f, TaskBank.HeadKind.BI, 2, 1)) {
        Scorer scorer = new Scorer(Scorer.Kind.BI, new TextCodec(tok, 12, 12), 2);
        AdamW adam = new AdamW(states, 0.01);
        StepRunner runner = new StepRunner(root, base.encoder(), bank, scorer, adam, true);
        SplittableRandom r = new SplittableRandom(1);
        Map<String, float[]> fresh = values(bank.slot(0));
        runner.train(List.of(new StepRunner.Part(0, tasks.get(0).support())), 1e-3, s -> 1e-2, r);
        Map<String, float[]> afterOwnStep = values(bank.slot(0));
        for (int i = 0; i < 3; i++) {
          runner.train(List.of(new StepRunner.Part(1, tasks.get(1).support())), 1e-3, s -> 1e-2, r);
        }
        Map<String, float[]> afterOthers = values(bank.slot(0));

        String b = "encoder.layer.0.attention.self.query.lora_B";
        assertThat(afterOwnStep.get(b)).isNotEqualTo(fresh.get(b));
        assertThat(afterOthers).containsOnlyKeys(afterOwnStep.keySet());
        afterOthers.forEach((k, v) -> assertThat(v).as(k).containsExactly(afterOwnStep.get(k)));
        assertThat(adam.steps(bank.slot(0).get(b))).isEqualTo(1);
        assertThat(adam.steps(bank.slot(1).get(b))).isEqualTo(3);

        runner.train(List.of(new StepRunner.Part(0, tasks.get(0).support())), 1e-3, s -> 1e-2, r);
        assertThat(adam.steps(bank.slot(0).get(b))).isEqualTo(2);
        assertThat(values(bank.slot(0)).get(b)).isNotEqualTo(afterOwnStep.get(b));
      }
    }
  }

  @Test
  void untrainedAdapterLeavesScoresOfTheBaseUnchanged() throws Exception {
    List<PersonaTask> tasks = ToyPersonas.tasks(0, 1, 4, 4, Split.HELD_OUT, 1);
    try (NDManager root = NDManager.newBaseManager(); NDManager states = root.newSubManager()) {
      BaseModel base = BaseModel.load("tiny", root, 3, null);
      try (PairTokenizer tok = base.tokenizer();
          TaskBank withLora = new TaskBank(root, base.config(), 4, 16, 0f, TaskBank.HeadKind.BI, 1, 1);
          TaskBank plain = new TaskBank(root, base.config(), 0, 16, 0f, TaskBank.HeadKind.BI, 1, 1)) {
        Scorer scorer = new Scorer(Scorer.Kind.BI, new TextCodec(tok, 12, 12), 2);
        List<StepRunner.Part> parts = List.of(new StepRunner.Part(0, tasks.get(0).query()));
        float[][] a = new StepRunner(root, base.encoder(), withLora, scorer, new AdamW(states, 0), false)
            .score(parts);
        float[][] b = new StepRunner(root, base.encoder(), plain, scorer, new AdamW(states, 0), false)
            .score(parts);
        for (int i = 0; i < a.length; i++) {
          assertThat(a[i]).containsExactly(b[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
      }
    }
  }

  static Map<String, float[]> values(Map<String, NDArray> slot) {
    Map<String, float[]> out = new LinkedHashMap<>();
    slot.forEach((k, v) -> out.put(k, v.toFloatArray()));
    return out;
  }
}
