package io.metastream.learning.retrain;

import io.metastream.domain.ConversationExample;
import io.metastream.learning.adapt.Batches;
import io.metastream.model.train.TaskExamples;
import io.metastream.learning.schedule.RoundRobinSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The sequence of optimiser steps of one retraining epoch, as lists of {@link TaskExamples}.
 * Pure: a function of the tasks' examples, the seed and the epoch.
 */
final class StepPlan {

  private StepPlan() {}

  /**
   * Per-task slots interleaved round-robin (LoRA-ML, last-layer-ML): every cycle visits the tasks in
   * the {@link RoundRobinSchedule}'s order for that cycle, taking each task's next mini-batch;
   * {@code tasksPerStep} consecutive mini-batches (of distinct tasks) share one step.
   */
  static List<List<TaskExamples>> roundRobin(List<List<ConversationExample>> tasks, int batch,
      int tasksPerStep, long seed, int epoch) {
    SplittableRandom random = new SplittableRandom(seed * 31 + epoch);
    List<List<List<ConversationExample>>> batches = new ArrayList<>();
    int cycles = 0;
    for (List<ConversationExample> t : tasks) {
      List<List<ConversationExample>> b = Batches.split(Batches.shuffled(t, random), batch);
      batches.add(b);
      cycles = Math.max(cycles, b.size());
    }
    RoundRobinSchedule schedule = RoundRobinSchedule.shuffled(tasks.size(), seed);
    List<List<TaskExamples>> steps = new ArrayList<>();
    List<TaskExamples> current = new ArrayList<>();
    for (int c = 0; c < cycles; c++) {
      for (int t : schedule.epochOrder((long) epoch * cycles + c)) {
        if (c < batches.get(t).size()) {
          current.add(new TaskExamples(t, batches.get(t).get(c)));
          if (current.size() == tasksPerStep) {
            steps.add(current);
            current = new ArrayList<>();
          }
        }
      }
    }
    if (!current.isEmpty()) {
      steps.add(current);
    }
    return steps;
  }

  /**
   * The paper's SR order: tasks one after another in a seeded order drawn afresh each epoch, each
   * task's shuffled mini-batches in one block (every batch holds one task). Parts keep their task
   * index (SR trains them in one shared slot, see {@link #shared}).
   */
  static List<List<TaskExamples>> blocked(List<List<ConversationExample>> tasks, int batch,
      long seed, int epoch) {
    SplittableRandom random = new SplittableRandom(seed * 31 + epoch);
    List<List<TaskExamples>> steps = new ArrayList<>();
    for (int t : RoundRobinSchedule.shuffled(tasks.size(), seed).epochOrder(epoch)) {
      for (List<ConversationExample> b : Batches.split(Batches.shuffled(tasks.get(t), random),
          batch)) {
        steps.add(List.of(new TaskExamples(t, b)));
      }
    }
    return steps;
  }

  /** A step's parts in the one shared slot 0 (SR has no per-task adapter or head). */
  static List<TaskExamples> shared(List<TaskExamples> parts) {
    return parts.stream().map(p -> new TaskExamples(0, p.examples())).toList();
  }

  /** SR: all tasks' examples pooled and shuffled, one shared slot 0. */
  static List<List<TaskExamples>> pooled(List<List<ConversationExample>> tasks, int batch,
      long seed, int epoch) {
    List<ConversationExample> all = new ArrayList<>();
    tasks.forEach(all::addAll);
    List<List<TaskExamples>> steps = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(seed * 31 + epoch);
    for (List<ConversationExample> b : Batches.split(Batches.shuffled(all, random), batch)) {
      steps.add(List.of(new TaskExamples(0, b)));
    }
    return steps;
  }
}
