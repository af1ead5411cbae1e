package io.metastream.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A retrained base written to the artifact store.
 *
 * @param version       monotonically increasing version label, e.g. {@code v0003}
 * @param parentVersion the version this one was trained from, or {@code null} for the pretrained base
 * @param algorithm     how it was retrained
 * @param artifactUri   where the base lives (a directory in Hugging Face layout)
 * @param sha256        digest of the artifact's manifest (covers every file)
 * @param taskIds       persona tasks this round trained on
 * @param consumed      task-topic offsets this round consumed (contiguous, never overlapping the parent's)
 * @param config        training configuration, flat key/values (reproducibility)
 * @param seed          random seed
 * @param loss          final training loss (finite: a non-finite round writes no checkpoint)
 * @param createdAt     when it was written
 */
public record Checkpoint(
        String version,
        String parentVersion,
        Algorithm algorithm,
        String artifactUri,
        String sha256,
        List<String> taskIds,
        List<OffsetRange> consumed,
        Map<String, String> config,
        long seed,
        double loss,
        Instant createdAt) {

    public Checkpoint {
        Checks.text(version, "version");
        if (parentVersion != null) {
            Checks.text(parentVersion, "parentVersion");
        }
        Checks.present(algorithm, "algorithm");
        Checks.text(artifactUri, "artifactUri");
        Checks.sha256(sha256, "sha256");
        taskIds = Checks.texts(Checks.present(taskIds, "taskIds"), "taskIds");
        consumed = consumed == null ? List.of() : Checks.elements(consumed, "consumed");
        config = Checks.map(config);
        Checks.finite(loss, "loss");
        Checks.present(createdAt, "createdAt");
    }
}
