package io.metastream.learning.adapt;

import ai.djl.ndarray.NDManager;
import io.metastream.domain.ConversationExample;
import io.metastream.model.encoder.Devices;
import io.metastream.model.lora.HeadBank;
import io.metastream.model.lora.LoraConfig;
import io.metastream.model.text.PairTokenizer;
import io.metastream.model.text.TextCodec;
import io.metastream.model.train.ExampleBatcher;
import io.metastream.model.train.Learner;
import io.metastream.model.train.Scorer;
import io.metastream.model.train.ScorerOptions;
import io.metastream.model.train.ScoringModel;
import io.metastream.model.train.TaskExamples;
import io.metastream.model.weights.BaseModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code metastream score}: ranks candidate replies for a context with a base and, optionally, a
 * persona adapter written by {@link AdaptCommandCore} (PEFT layout plus head, if any). Options: the
 * scorer options ({@link ScorerOptions}; a bi-encoder adapter that carries a vector head is scored
 * with it), {@code context_len}, {@code candidate_len}, {@code device}.
 */
public final class ScoreCore {

  /** One candidate and its score, best first in {@link #score}'s answer. */
  public record Scored(String candidate, double score) {}

  private ScoreCore() {}

  public static List<Scored> score(Path baseDir, Optional<Path> adapterDir, List<String> context,
      List<String> candidates, Map<String, String> options) throws IOException {
    if (context == null || context.isEmpty() || candidates == null || candidates.size() < 2) {
      throw new IllegalArgumentException("need a non-empty context and at least 2 candidates");
    }
    AdaptOptions o = AdaptOptions.parse(options == null ? Map.of() : options);
    try (NDManager root = NDManager.newBaseManager(Devices.parse(o.device()))) {
      BaseModel base = BaseModel.loadDirectory(baseDir, root, 0f);
      LoraConfig lora = adapterDir.isPresent() ? AdapterFiles.config(adapterDir.get()) : null;
      ScorerOptions so = o.scorer();
      if (adapterDir.isPresent() && so.kind() == ScorerOptions.Kind.BI
          && AdapterFiles.headNames(adapterDir.get(), root).contains(HeadBank.VECTOR)) {
        so = so.withVectorHead();
      }
      Scorer scorer = so.scorer();
      try (PairTokenizer tok = base.tokenizer(); NDManager banks = root.newSubManager()) {
        ScoringModel model = ScoringModel.create(base.encoder(),
            lora == null ? null : new LoraConfig(lora.rank(), lora.alpha(), 0f, lora.targets()),
            scorer, 1, banks);
        if (adapterDir.isPresent()) {
          AdapterFiles.importInto(model, 0, adapterDir.get(), banks);
        }
        ExampleBatcher batcher = new ExampleBatcher(new TextCodec(tok, o.contextLength(),
            o.candidateLength()), so.kind(), 1);
        List<String> distinct = candidates.stream().distinct().toList();
        ConversationExample query = new ConversationExample("score", "user", "score", 0, context,
            distinct.get(0), distinct, List.of(), "score");
        ExampleBatcher.Ranked ranked = batcher.ranking(List.of(new TaskExamples(0,
            List.of(query))));
        float[] s = ranked.perExample(Learner.score(model, scorer, ranked.batch(), banks))[0];
        List<Scored> out = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i++) {
          out.add(new Scored(distinct.get(i), s[i]));
        }
        out.sort(Comparator.comparingDouble(Scored::score).reversed());
        return out;
      }
    }
  }
}
