package io.metastream.learning.api;

import io.metastream.domain.Algorithm;
import io.metastream.domain.PersonaTask;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One meta-update round: retrain a base on persona tasks and write the new base.
 *
 * @param tasks      the round's training tasks (TRAIN split only; callers guarantee it)
 * @param parentBase directory of the base to start from (Hugging Face layout), or empty for the configured
 *                   pretrained model
 * @param outputDir  empty directory to write the new base into (Hugging Face layout:
 *                   {@code config.json}, {@code model.safetensors}, {@code tokenizer.json})
 * @param algorithm  which retraining algorithm
 * @param seed       random seed
 * @param options    algorithm hyper-parameters as flat strings (documented by each implementation)
 */
public record RetrainRequest(
        List<PersonaTask> tasks,
        Optional<Path> parentBase,
        Path outputDir,
        Algorithm algorithm,
        long seed,
        Map<String, String> options) {

    public RetrainRequest {
        tasks = List.copyOf(tasks);
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a retraining round needs at least one task");
        }
        parentBase = parentBase == null ? Optional.empty() : parentBase;
        if (outputDir == null) {
            throw new IllegalArgumentException("outputDir is required");
        }
        if (algorithm == null) {
            throw new IllegalArgumentException("algorithm is required");
        }
        options = options == null ? Map.of() : Map.copyOf(options);
    }
}
