package io.metastream.learning.adapt;

import ai.djl.ndarray.NDManager;
import io.metastream.domain.ConversationExample;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScratchPerfTest {
  @Test
  void perf() throws Exception {
    String model = System.getProperty("perf.model", "minilm");
    int rank = Integer.getInteger("perf.rank", 8);
    boolean trainBase = Boolean.getBoolean("perf.base");
    String kind = System.getProperty("perf.scorer", "BI");
    List<ConversationExample> ex = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(1);
    String[] words = "i like to go hiking with my dog on weekends and my favorite food is pizza what about you do you have any pets".split(" ");
    for (int i = 0; i < 64; i++) {
      List<String> c = new ArrayList<>();
      for (int k = 0; k < 20; k++) c.add(sent(r, words, 12));
      ex.add(new ConversationExample("e" + i, "p" + (i % 4), "d", 0, List.of(sent(r, words, 14), sent(r, words, 14)), c.get(0), c, List.of(), "t"));
    }
    try (NDManager root = NDManager.newBaseManager(); NDManager states = root.newSubManager()) {
      BaseModel base = BaseModel.load(model, root, 1, null);
      try (var tok = base.tokenizer(); TaskBank bank = new TaskBank(root, base.config(), rank, 16, 0.1f,
          kind.equals("BI") ? TaskBank.HeadKind.BI : TaskBank.HeadKind.CROSS, 4, 1)) {
        Scorer scorer = new Scorer(Scorer.Kind.valueOf(kind), new TextCodec(tok, 48, 32), 3);
        StepRunner runner = new StepRunner(root, base.encoder(), bank, scorer, new AdamW(states, 0.01), trainBase);
        for (int g : new int[] {1, 4}) {
          long t0 = System.nanoTime();
          int steps = 6;
          for (int s = 0; s < steps; s++) {
            List<StepRunner.Part> parts = new ArrayList<>();
            for (int k = 0; k < g; k++) parts.add(new StepRunner.Part(k, ex.subList(k * 8, k * 8 + 8)));
            double l = runner.train(parts, 5e-5, x -> 1e-4, r);
            if (s == 0) System.out.println("loss " + l);
          }
          System.out.printf("%s rank %d base %s tasks/step %d: %.3f s/step%n", kind, rank, trainBase, g, (System.nanoTime() - t0) / 1e9 / steps);
        }
        long t0 = System.nanoTime();
        List<StepRunner.Part> parts = new ArrayList<>();
        for (int k = 0; k < 4; k++) parts.add(new StepRunner.Part(k, ex.subList(k * 8, k * 8 + 8)));
        runner.score(parts);
        System.out.printf("score 32 examples x 20 cands: %.3f s%n", (System.nanoTime() - t0) / 1e9);
      }
    }
  }

  static String sent(SplittableRandom r, String[] w, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) b.append(w[r.nextInt(w.length)]).append(' ');
    return b.toString().trim();
  }
}
