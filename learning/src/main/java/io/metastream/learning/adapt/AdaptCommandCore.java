package io.metastream.learning.adapt;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.metastream.domain.ConversationExample;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.domain.data.OnError;
import io.metastream.domain.data.ReadOptions;
import io.metastream.domain.serde.Json;
import io.metastream.learning.tasks.PersonaTasks;
import io.metastream.model.encoder.Devices;
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

/**
 * {@code metastream adapt}: fine-tunes one fresh LoRA adapter (and head) for one persona on a few
 * examples, with the base frozen, and writes it in the PEFT layout. Examples come from a JSONL file
 * of {@link ConversationExample} ({@code .jsonl}) or any supported data file; if the file holds
 * several personas, option {@code persona} picks one (default: the one with the most examples).
 * Other options: those of the few-shot protocol ({@link AdaptOptions}) plus {@code seed}.
 */
public final class AdaptCommandCore {

  /** What was trained and where it went. */
  public record Result(Path adapterDir, String personaId, int examples, double finalLoss,
      int rank) {}

  private AdaptCommandCore() {}

  public static Result adapt(Path baseDir, Path examplesFile, Path outDir,
      Map<String, String> options) throws IOException {
    Map<String, String> rest = new HashMap<>(options == null ? Map.of() : options);
    String persona = rest.remove("persona");
    long seed = Long.parseLong(rest.getOrDefault("seed", "1"));
    rest.remove("seed");
    AdaptOptions o = AdaptOptions.parse(rest);
    List<ConversationExample> examples = ofOnePersona(readExamples(examplesFile), persona);
    PersonaTask task = new PersonaTask("adapt", examples.get(0).personaId(), Split.HELD_OUT, 0,
        examples, List.of(), List.of());
    Engine.getInstance().setRandomSeed((int) seed);
    try (NDManager root = NDManager.newBaseManager(Devices.parse(o.device()))) {
      BaseModel base = BaseModel.loadDirectory(baseDir, root, o.dropout());
      try (PairTokenizer tok = base.tokenizer()) {
        Scorer scorer = o.scorer().scorer();
        ScoringModel model = ScoringModel.create(base.encoder(), o.lora(), scorer, 1, root);
        ExampleBatcher batcher = new ExampleBatcher(new TextCodec(tok, o.contextLength(),
            o.candidateLength()), o.scorer().kind(), o.negatives());
        double loss;
        try (Learner learner = FewShotProtocol.learner(model, scorer, o.weightDecay(), root)) {
          loss = new FewShotProtocol().adapt(learner, batcher, List.of(task), o,
              new SplittableRandom(seed), 0, 1);
        }
        AdapterFiles.export(model, 0, outDir, PeftAdapter.Base.of(baseDir), root);
        return new Result(outDir, task.personaId(), examples.size(), loss, o.rank());
      }
    }
  }

  /** JSONL of ConversationExample, or any data file the domain readers support. */
  public static List<ConversationExample> readExamples(Path file) throws IOException {
    if (file.getFileName().toString().endsWith(".jsonl")) {
      List<ConversationExample> out = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          out.add(Json.mapper().readValue(line, ConversationExample.class));
        }
      }
      return out;
    }
    return PersonaTasks.read(file, ReadOptions.defaults().withOnError(OnError.SKIP));
  }

  private static List<ConversationExample> ofOnePersona(List<ConversationExample> all,
      String persona) {
    if (all.isEmpty()) {
      throw new IllegalArgumentException("no examples to adapt on");
    }
    String id = persona != null ? persona
        : PersonaTasks.ofLargestPersonas(all, 1).get(0).personaId();
    List<ConversationExample> mine = all.stream().filter(e -> e.personaId().equals(id)).toList();
    if (mine.isEmpty()) {
      throw new IllegalArgumentException("persona '" + id + "' has no examples in the file");
    }
    return mine;
  }
}
