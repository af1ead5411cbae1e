package io.metastream.learning.adapt;

import ai.djl.ndarray.NDManager;
import io.metastream.domain.ConversationExample;
import io.metastream.model.text.PairTokenizer;
import io.metastream.model.weights.BaseModel;
import io.metastream.model.weights.PeftAdapter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code metastream score}: ranks candidate replies for a context with a base and, optionally, a
 * persona adapter written by {@link AdaptCommandCore} (PEFT layout plus head). Options:
 * {@code scorer} (bi | cross, default bi), {@code context_len}, {@code candidate_len}.
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
    try (NDManager root = NDManager.newBaseManager(); NDManager states = root.newSubManager()) {
      BaseModel base = BaseModel.loadDirectory(baseDir, root, 0f);
      int rank = adapterDir.isPresent() ? PeftAdapter.readConfig(adapterDir.get()).rank() : 0;
      float alpha = adapterDir.isPresent() ? PeftAdapter.readConfig(adapterDir.get()).alpha() : 16f;
      try (PairTokenizer tok = base.tokenizer();
          TaskBank bank = new TaskBank(root, base.config(), rank, alpha, 0f,
              o.scorer() == Scorer.Kind.BI ? TaskBank.HeadKind.BI : TaskBank.HeadKind.CROSS, 1, 1)) {
        if (adapterDir.isPresent()) {
          PeftAdapter.readInto(bank.slot(0), base.config(), adapterDir.get(), root);
        }
        Scorer scorer = new Scorer(o.scorer(), new TextCodec(tok, o.contextLength(),
            o.candidateLength()), 1);
        List<String> distinct = candidates.stream().distinct().toList();
        ConversationExample query = new ConversationExample("score", "user", "score", 0, context,
            distinct.get(0), distinct, List.of(), "score");
        float[] s = new StepRunner(root, base.encoder(), bank, scorer, new AdamW(states, 0), false)
            .score(List.of(new StepRunner.Part(0, List.of(query))))[0];
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
