package io.metastream.learning.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.metastream.domain.Algorithm;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.model.weights.BaseModel;
import io.metastream.learning.adapt.FewShotProtocol;
import io.metastream.learning.adapt.ToyPersonas;
import io.metastream.learning.api.AdaptationRequest;
import io.metastream.learning.api.AdaptationResult;
import io.metastream.learning.api.RetrainRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoraMlVersusSrTest {

  static final Map<String, String> RETRAIN = Map.of("lr", "2e-3", "task_lr", "1e-2", "epochs", "6",
      "rank", "4", "lora_dropout", "0", "negatives", "4", "context_len", "12",
      "candidate_len", "12", "warmup", "0.05");
  static final Map<String, String> ADAPT = Map.of("rank", "4", "steps", "12", "lr", "1e-2",
      "negatives", "4", "context_len", "12", "candidate_len", "12", "lora_dropout", "0",
      "tasks_per_step", "4");

  @TempDir
  Path dir;

  @Test
  void loraMlBaseAdaptsToUnseenPersonasBetterThanStandardRetraining() throws Exception {
    Path base = dir.resolve("base");
    try (NDManager m = NDManager.newBaseManager()) {
      BaseModel.load("tiny", m, 11, null).export(base);
    }
    List<PersonaTask> train = ToyPersonas.tasks(0, 6, 32, 0, Split.TRAIN, 1);
    List<PersonaTask> heldOut = ToyPersonas.tasks(12, 4, 16, 16, Split.HELD_OUT, 2);
    NeuralRetrainer retrainer = new NeuralRetrainer();
    retrainer.retrain(new RetrainRequest(train, Optional.of(base), dir.resolve("ml"),
        Algorithm.LORA_ML, 3, RETRAIN));
    retrainer.retrain(new RetrainRequest(train, Optional.of(base), dir.resolve("sr"),
        Algorithm.SR, 3, RETRAIN));
    FewShotProtocol protocol = new FewShotProtocol();
    AdaptationResult ml = protocol.evaluate(new AdaptationRequest(dir.resolve("ml"), heldOut,
        List.of(5L), ADAPT));
    AdaptationResult sr = protocol.evaluate(new AdaptationRequest(dir.resolve("sr"), heldOut,
        List.of(5L), ADAPT));
    System.out.printf("toy few-shot hits@1: LoRA-ML %.3f (zero-shot %.3f), SR %.3f (zero-shot %.3f)%n",
        ml.hits1Mean(), ml.zeroShotHits1(), sr.hits1Mean(), sr.zeroShotHits1());
    // SR trains on LoRA-ML's very mini-batches (sr_order=plan), so the two differ only in the
    // per-task adapters: measured 0.250 vs 0.125 here (with pooled SR batches the gap was wider)
    assertThat(ml.hits1Mean()).isGreaterThan(sr.hits1Mean() + 0.1);
  }
}
