package io.metastream.learning.api;

import io.metastream.domain.PersonaTask;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Few-shot adaptation protocol on unseen personas: freeze the base, add a fresh rank-r LoRA and head per
 * persona, train on each task's support examples, score its query examples after the last epoch.
 *
 * @param baseDir  the base to evaluate (Hugging Face layout)
 * @param tasks    held-out persona tasks (support = few-shot training data, query = evaluation data)
 * @param seeds    seeds to repeat the protocol with (scores are averaged over personas and seeds)
 * @param options  protocol hyper-parameters as flat strings (rank, epochs, lr, …)
 */
public record AdaptationRequest(Path baseDir, List<PersonaTask> tasks, List<Long> seeds, Map<String, String> options) {
    public AdaptationRequest {
        if (baseDir == null) {
            throw new IllegalArgumentException("baseDir is required");
        }
        tasks = List.copyOf(tasks);
        seeds = List.copyOf(seeds);
        if (tasks.isEmpty() || seeds.isEmpty()) {
            throw new IllegalArgumentException("adaptation needs at least one task and one seed");
        }
        options = options == null ? Map.of() : Map.copyOf(options);
    }
}
