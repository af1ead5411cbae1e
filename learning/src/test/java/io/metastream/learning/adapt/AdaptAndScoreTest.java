package io.metastream.learning.adapt;

import io.metastream.model.weights.BaseModel;
import io.metastream.model.weights.PeftAdapter;
import io.metastream.model.weights.Safetensors;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.metastream.domain.ConversationExample;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.domain.serde.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdaptAndScoreTest {

  @TempDir
  Path dir;

  @Test
  void adaptWritesAPeftAdapterThatScoreLoadsAndUses() throws Exception {
    Path base = dir.resolve("base");
    try (NDManager m = NDManager.newBaseManager()) {
      BaseModel.load("tiny", m, 9, null).export(base);
    }
    PersonaTask task = ToyPersonas.task(3, 16, 1, Split.HELD_OUT, 4);
    Path jsonl = dir.resolve("persona.jsonl");
    List<String> lines = new ArrayList<>();
    for (ConversationExample e : task.support()) {
      lines.add(Json.mapper().writeValueAsString(e));
    }
    Files.write(jsonl, lines);

    AdaptCommandCore.Result r = AdaptCommandCore.adapt(base, jsonl, dir.resolve("adapter"),
        Map.of("rank", "2", "steps", "3", "lr", "1e-2", "context_len", "12", "candidate_len", "12"));

    assertThat(r.examples()).isEqualTo(16);
    assertThat(r.personaId()).isEqualTo("toy3");
    assertThat(r.finalLoss()).isFinite();
    assertThat(dir.resolve("adapter/adapter_config.json")).exists();
    Path weights = dir.resolve("adapter/adapter_model.safetensors");
    assertThat(Safetensors.names(weights)).hasSize(2 * 6 * 2)
        .contains("base_model.model.encoder.layer.0.attention.self.query.lora_A.weight",
            "base_model.model.encoder.layer.1.output.dense.lora_B.weight");
    assertThat(Safetensors.metadata(weights)).containsEntry("format", "pt")
        .containsEntry(PeftAdapter.BASE_SHA256, PeftAdapter.sha256(base.resolve(BaseModel.WEIGHTS)));
    assertThat(Files.readString(dir.resolve("adapter/adapter_config.json")))
        .contains("\"base_model_name_or_path\": \"metastream-tiny-bert\"")
        .doesNotContain(dir.toString());

    ConversationExample q = task.query().get(0);
    Map<String, String> opts = Map.of("context_len", "12", "candidate_len", "12");
    List<ScoreCore.Scored> adapted = ScoreCore.score(base, Optional.of(dir.resolve("adapter")),
        q.context(), q.candidates(), opts);
    List<ScoreCore.Scored> plain = ScoreCore.score(base, Optional.empty(), q.context(),
        q.candidates(), opts);

    assertThat(adapted).hasSize(20);
    assertThat(adapted).extracting(ScoreCore.Scored::score)
        .isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(adapted).extracting(ScoreCore.Scored::candidate)
        .containsExactlyInAnyOrderElementsOf(q.candidates());
    assertThat(adapted).isNotEqualTo(plain);
  }
}
