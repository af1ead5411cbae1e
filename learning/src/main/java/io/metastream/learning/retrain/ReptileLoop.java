package io.metastream.learning.retrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.metastream.domain.ConversationExample;
import io.metastream.learning.adapt.Batches;
import io.metastream.learning.schedule.RoundRobinSchedule;
import io.metastream.model.encoder.EncoderWeights;
import io.metastream.model.train.AdamW;
import io.metastream.model.train.ExampleBatcher;
import io.metastream.model.train.Learner;
import io.metastream.model.train.Scorer;
import io.metastream.model.train.ScoringModel;
import io.metastream.model.train.TaskExamples;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Reptile on the full model. Per outer step: pick a task round-robin, remember the meta-weights
 * (base + the shared head, if the scorer has one), run {@code reptile_inner_steps} AdamW steps
 * (fresh inner state, constant rate {@code lr}) on that task's mini-batches, then move the
 * meta-weights toward the adapted ones.
 *
 * <p>Interpretation of the paper's "outer lr 1e-4": plain interpolation W += 1e-4 (W' - W) would
 * leave the base practically unchanged, so the outer update is an Adam step of rate
 * {@code reptile_outer_lr} on the pseudo-gradient (W - W') — each weight moves by about the outer
 * rate per outer step in the direction of adaptation, the usual way Reptile is run with Adam.
 * An epoch is as many outer steps as there are tasks.
 */
final class ReptileLoop {

  private final RetrainOptions o;
  private final long seed;
  private final NeuralRetrainer.Progress progress;

  ReptileLoop(RetrainOptions o, long seed, NeuralRetrainer.Progress progress) {
    this.o = o;
    this.seed = seed;
    this.progress = progress;
  }

  NeuralRetrainer.Outcome run(ScoringModel model, Scorer scorer, ExampleBatcher batcher,
      List<List<ConversationExample>> tasks, NDManager root) {
    RoundRobinSchedule schedule = RoundRobinSchedule.shuffled(tasks.size(), seed);
    long outerSteps = (long) o.epochs() * tasks.size();
    if (o.maxSteps() > 0) {
      outerSteps = Math.min(outerSteps, Math.max(1, o.maxSteps() / o.reptileInnerSteps()));
    }
    List<NDArray> meta = new ArrayList<>(model.encoder().arrays().values());
    if (model.heads() != null) {
      meta.addAll(model.heads().arrays().values());
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<Double> losses = new ArrayList<>();
    double sum = 0;
    long steps = 0;
    try (Learner outer = Learner.builder().setModel(model).setScorer(scorer)
        .optOptimizer(AdamW.withDecay(0f)).optStopOnNonFinite(false).build(root)) {
      for (long k = 0; k < outerSteps; k++) {
        int task = schedule.taskAt(k);
        try (NDManager snap = root.newSubManager()) {
          Map<NDArray, NDArray> before = new IdentityHashMap<>();
          for (NDArray p : meta) {
            NDArray copy = p.duplicate();
            copy.attach(snap);
            before.put(p, copy);
          }
          sum += inner(model, scorer, batcher, tasks.get(task), random, root);
          steps += o.reptileInnerSteps();
          Map<NDArray, NDArray> pseudoGrad = new IdentityHashMap<>();
          for (NDArray p : meta) {
            NDArray b = before.get(p);
            NDArray diff = b.sub(p);
            diff.attach(snap);
            pseudoGrad.put(p, diff);
            EncoderWeights.copy(b, p);
          }
          outer.stepWithGradients(pseudoGrad, o.reptileOuterLr(), 0);
        }
        progress.step(k + 1, outerSteps, sum / ((k % tasks.size()) + 1));
        if ((k + 1) % tasks.size() == 0 || k + 1 == outerSteps) {
          losses.add(sum / ((k % tasks.size()) + 1));
          sum = 0;
        }
      }
    }
    return new NeuralRetrainer.Outcome(losses, steps, null);
  }

  /** Inner loop with a fresh AdamW; returns its mean loss. */
  private double inner(ScoringModel model, Scorer scorer, ExampleBatcher batcher,
      List<ConversationExample> task, SplittableRandom random, NDManager root) {
    try (Learner inner = NeuralRetrainer.learner(model, scorer, o.weightDecay(), root)) {
      List<List<ConversationExample>> batches = List.of();
      double sum = 0;
      for (int i = 0; i < o.reptileInnerSteps(); i++) {
        if (i % Math.max(1, batches.size()) == 0) {
          batches = Batches.split(Batches.shuffled(task, random), o.batch());
        }
        List<ConversationExample> b = batches.get(i % batches.size());
        sum += batcher.trainStep(inner, List.of(new TaskExamples(0, b)), o.lr(),
            t -> o.taskLr(), random.split());
      }
      return sum / o.reptileInnerSteps();
    }
  }
}
