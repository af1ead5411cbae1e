package io.metastream.model.train;

import io.metastream.domain.ConversationExample;
import java.util.List;

/**
 * One task's part of a step: its index in the model's banks and its mini-batch.
 *
 * @param task the task's bank index
 * @param examples its mini-batch, at least one example
 */
public record TaskExamples(int task, List<ConversationExample> examples) {
  public TaskExamples {
    examples = List.copyOf(examples);
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("a step part needs at least one example");
    }
    if (task < 0) {
      throw new IllegalArgumentException("task index must be >= 0, got " + task);
    }
  }
}
