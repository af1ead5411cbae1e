package io.metastream.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.metastream.model.encoder.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * Runs training steps on a {@link ScoringModel}: forward, loss, backward (DJL gradient
 * collector), AdamW on the chosen parameters (base + adapters + heads, or adapters + heads when
 * the base is frozen) with a warm-up/linear-decay schedule. Every step's intermediates live in a
 * per-step sub-manager; only the loss leaves, as a Java double.
 *
 * <p>The PyTorch gradient collector is process-global: run one learner's steps at a time per JVM.
 * The learner owns its optimizer state (a sub-manager of the manager given to {@code build});
 * close it when done. Build a new learner after replacing adapters or heads.
 */
public final class Learner implements AutoCloseable {

  private final ScoringModel model;
  private final Scorer scorer;
  private final AdamW adamW;
  private final LrSchedule schedule;
  private final List<AdamW.Slot> slots;
  private final AdamW.State state = new AdamW.State();
  private final NDManager parent;
  private final NDManager stateManager;
  private final boolean stopOnNonFinite;
  /** Nanoseconds of the last step's forward (with the loss), backward and optimizer update. */
  private final long[] lastStepNanos = new long[3];

  private Learner(Builder b, NDManager manager) {
    this.model = b.model;
    this.stopOnNonFinite = b.stopOnNonFinite;
    this.scorer = b.scorer;
    this.adamW = b.adamW;
    this.schedule = b.schedule;
    this.parent = manager;
    this.stateManager = manager.newSubManager();
    model.encoder().setTrainable(b.trainBase);
    this.slots = new ArrayList<>();
    if (b.trainBase) {
      model.encoder().arrays().forEach(
          (name, a) -> slots.add(new AdamW.Slot(name, a, decays(name), false)));
    }
    if (model.adapters() != null) {
      model.adapters().arrays().forEach((name, a) -> slots.add(trainable(name, a, true)));
    }
    if (model.heads() != null) {
      model.heads().arrays().forEach((name, a) -> slots.add(trainable(name, a, decays(name))));
    }
    if (slots.isEmpty()) {
      throw new IllegalArgumentException("nothing to train: the base is frozen and there are no "
          + "adapters or heads");
    }
  }

  private static AdamW.Slot trainable(String name, NDArray a, boolean decay) {
    a.setRequiresGradient(true);
    return new AdamW.Slot(name, a, decay, true);
  }

  /** As in PyTorch/Hugging Face training: no decay on biases, LayerNorm, or the vector head. */
  private static boolean decays(String name) {
    return !name.endsWith(".bias") && !name.contains("LayerNorm")
        && !name.equals(io.metastream.model.lora.HeadBank.VECTOR);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * One training step on {@code batch} at the rate of the learner's schedule; returns the mean
   * over the batch's tasks of their loss before the update.
   */
  public double step(TaskBatch batch) {
    double lr = schedule.rate(state.steps());
    return step(batch, lr, t -> lr);
  }

  /**
   * One training step with explicit rates: {@code baseLr} for the base, {@code taskLr(t)} for
   * task t's adapter and head (each task may follow its own schedule). Tasks absent from the
   * batch get no update at all. Returns the mean over the batch's tasks of their loss.
   */
  public double step(TaskBatch batch, double baseLr, IntToDoubleFunction taskLr) {
    checkTasks(batch);
    int[] active = batch.distinctTasks();
    try (Scope scope = Scope.open(parent, borrowed())) {
      NDManager m = scope.manager();
      double loss;
      long t0 = System.nanoTime();
      long t1;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray l = scorer.loss(model, batch, m, true);
        loss = l.getFloat() / active.length;
        t1 = System.nanoTime();
        collector.backward(l);
      }
      long t2 = System.nanoTime();
      if (stopOnNonFinite && !Double.isFinite(loss)) {
        throw new IllegalStateException("non-finite training loss " + loss + " at step "
            + state.steps() + "; lower the learning rate or check the inputs");
      }
      adamW.update(slots, state, baseLr, taskLr, active, stateManager, m);
      lastStepNanos[0] = t1 - t0;
      lastStepNanos[1] = t2 - t1;
      lastStepNanos[2] = System.nanoTime() - t2;
      return loss;
    }
  }

  /**
   * One optimiser update with given gradients instead of back-propagated ones (Reptile's outer
   * step on before - adapted): {@code gradients} must hold every trainable array; per-task
   * arrays update the rows of {@code activeTasks} only. The gradients are only read.
   */
  public void stepWithGradients(java.util.Map<NDArray, NDArray> gradients, double lr,
      int... activeTasks) {
    for (AdamW.Slot s : slots) {
      if (!gradients.containsKey(s.param())) {
        throw new IllegalArgumentException("no gradient given for " + s.name());
      }
    }
    List<NDArray> borrowed = borrowed();
    borrowed.addAll(gradients.values());
    try (Scope scope = Scope.open(parent, borrowed)) {
      for (AdamW.Slot s : slots) {
        NDArray g = s.param().getGradient();
        g.attach(scope.manager());
        io.metastream.model.encoder.EncoderWeights.copy(gradients.get(s.param()), g);
      }
      adamW.update(slots, state, lr, t -> lr, activeTasks, stateManager, scope.manager());
    }
  }

  /** Ranking scores of {@code batch} without dropout or gradients (see {@link Scorer#scores}). */
  public float[] scores(TaskBatch batch) {
    return score(model, scorer, batch, parent);
  }

  /** Scores with any model, in a throw-away scope of {@code manager}. */
  public static float[] score(ScoringModel model, Scorer scorer, TaskBatch batch,
      NDManager manager) {
    try (Scope scope = Scope.open(manager, model.allArrays())) {
      return scorer.scores(model, batch, scope.manager()).toFloatArray();
    }
  }

  /** Mean task loss of {@code batch} (as {@link #step} reports it) without dropout or update. */
  public double evaluate(TaskBatch batch) {
    try (Scope scope = Scope.open(parent, model.allArrays())) {
      return scorer.loss(model, batch, scope.manager(), false).getFloat()
          / batch.distinctTasks().length;
    }
  }

  private void checkTasks(TaskBatch batch) {
    int[] tasks = batch.distinctTasks();
    int max = tasks[tasks.length - 1];
    int bank = model.adapters() != null ? model.adapters().tasks()
        : model.heads() != null ? model.heads().tasks() : Integer.MAX_VALUE;
    if (max >= bank) {
      throw new IllegalArgumentException("batch uses task " + max + " but the model's banks hold "
          + bank + " tasks; create banks with enough tasks (ScoringModel.withFreshTasks)");
    }
  }

  /** Updates task {@code task}'s adapter and head have received. */
  public long taskSteps(int task) {
    return state.taskSteps(task);
  }

  /** Wall nanoseconds of the last step's forward (with loss), backward and optimizer update. */
  public long[] lastStepNanos() {
    return lastStepNanos.clone();
  }

  /** Steps done so far. */
  public long steps() {
    return state.steps();
  }

  /** Names of the parameters this learner updates. */
  public List<String> trainableNames() {
    return slots.stream().map(AdamW.Slot::name).toList();
  }

  /** The model being trained. */
  public ScoringModel model() {
    return model;
  }

  private List<NDArray> borrowed() {
    List<NDArray> all = model.allArrays();
    all.addAll(state.arrays());
    return all;
  }

  /** Frees the optimizer state (not the model). */
  @Override
  public void close() {
    stateManager.close();
  }

  /** Builder: {@code setModel}, {@code setScorer} required; the rest optional. */
  public static final class Builder {
    private ScoringModel model;
    private Scorer scorer;
    private boolean trainBase = true;
    private AdamW adamW = AdamW.withDecay(0.01f);
    private LrSchedule schedule = LrSchedule.constant(5e-5);
    private boolean stopOnNonFinite = true;

    public Builder setModel(ScoringModel model) {
      this.model = model;
      return this;
    }

    public Builder setScorer(Scorer scorer) {
      this.scorer = scorer;
      return this;
    }

    /** Train the base weights too (default true); false freezes the base. */
    public Builder optTrainBase(boolean trainBase) {
      this.trainBase = trainBase;
      return this;
    }

    public Builder optOptimizer(AdamW adamW) {
      this.adamW = adamW;
      return this;
    }

    /** Learning-rate schedule (default constant 5e-5). */
    public Builder optSchedule(LrSchedule schedule) {
      this.schedule = schedule;
      return this;
    }

    /**
     * Whether a non-finite loss stops training with an exception (default true); false lets the
     * caller see the non-finite loss (a diverged retraining round is then not published).
     */
    public Builder optStopOnNonFinite(boolean stop) {
      this.stopOnNonFinite = stop;
      return this;
    }

    /** Builds the learner; optimizer state will live in a sub-manager of {@code manager}. */
    public Learner build(NDManager manager) {
      if (model == null || scorer == null) {
        throw new IllegalStateException("Learner needs setModel(...) and setScorer(...)");
      }
      if (scorer.needsHead() && (model.heads() == null
          || model.heads().classes() != scorer.headClasses())) {
        throw new IllegalStateException("this scorer needs per-task heads: give the ScoringModel "
            + "a HeadBank with " + scorer.headClasses() + " classes"
            + (scorer.headClasses() == 0 ? " (vector heads)" : ""));
      }
      return new Learner(this, manager);
    }
  }
}
