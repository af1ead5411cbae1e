package io.metastream.learning.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.Algorithm;
import io.metastream.domain.ConversationExample;
import io.metastream.domain.Split;
import io.metastream.learning.adapt.ToyPersonas;
import io.metastream.model.train.TaskExamples;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StepPlanTest {

  static List<List<ConversationExample>> data() {
    List<List<ConversationExample>> out = new ArrayList<>();
    for (int p = 0; p < 5; p++) {
      // personas of different sizes: 7 to 15 examples, so blocks and cycles differ in length
      out.add(ToyPersonas.task(p, 7 + 2 * p, 0, Split.TRAIN, 3).support());
    }
    return out;
  }

  static List<List<String>> ids(List<List<TaskExamples>> plan) {
    return plan.stream().map(step -> step.stream().flatMap(p -> p.examples().stream())
        .map(ConversationExample::exampleId).toList()).toList();
  }

  @Test
  void byDefaultSrTrainsOnExactlyTheMiniBatchesOfLoraMlInTheSameOrder() {
    RetrainOptions o = RetrainOptions.parse(Map.of("batch", "4"));
    for (int epoch = 0; epoch < 3; epoch++) {
      List<List<TaskExamples>> ml = NeuralRetrainer.plan(data(), o, 11, epoch, Algorithm.LORA_ML);
      List<List<TaskExamples>> sr = NeuralRetrainer.plan(data(), o, 11, epoch, Algorithm.SR);
      assertThat(ids(sr)).isEqualTo(ids(ml));
      assertThat(sr).allSatisfy(step -> assertThat(step).singleElement()); // one persona a step
    }
    // and the plan does depend on the seed (the equality above is not of two constant orders)
    assertThat(ids(NeuralRetrainer.plan(data(), o, 12, 0, Algorithm.SR)))
        .isNotEqualTo(ids(NeuralRetrainer.plan(data(), o, 11, 0, Algorithm.SR)));
  }

  @Test
  void thePapersBlockedOrderTakesEachTaskInOneBlockOfSingleTaskBatches() {
    RetrainOptions o = RetrainOptions.parse(Map.of("batch", "4", "sr_order", "blocked"));
    List<List<TaskExamples>> plan = NeuralRetrainer.plan(data(), o, 11, 0, Algorithm.SR);
    List<Integer> order = new ArrayList<>();
    for (List<TaskExamples> step : plan) {
      assertThat(step).singleElement();
      int t = step.get(0).task();
      if (order.isEmpty() || order.get(order.size() - 1) != t) {
        assertThat(order).as("task %d comes back after its block ended", t).doesNotContain(t);
        order.add(t);
      }
    }
    assertThat(order).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    assertThat(plan.stream().mapToInt(s -> s.get(0).examples().size()).sum())
        .isEqualTo(data().stream().mapToInt(List::size).sum());
  }

  @Test
  void pooledBatchesMixPersonas() {
    RetrainOptions o = RetrainOptions.parse(Map.of("batch", "8", "sr_order", "pooled"));
    List<List<TaskExamples>> plan = NeuralRetrainer.plan(data(), o, 11, 0, Algorithm.SR);
    boolean mixed = false;
    for (List<TaskExamples> step : plan) {
      Set<String> personas = new HashSet<>();
      step.get(0).examples().forEach(e -> personas.add(e.personaId()));
      mixed |= personas.size() > 1;
    }
    assertThat(mixed).isTrue();
  }

  @Test
  void updatesPerTaskReadsMinMeanMax() {
    assertThat(NeuralRetrainer.updates(new long[] {9, 9, 12})).isEqualTo("9 / 10.0 / 12");
  }
}
