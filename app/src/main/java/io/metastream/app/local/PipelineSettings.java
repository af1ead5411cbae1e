package io.metastream.app.local;

import io.metastream.domain.Algorithm;
import io.metastream.domain.paired.PromotionPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to run the whole pipeline on one machine.
 *
 * @param workDir          broker data, artifacts, logs and service state live here
 * @param algorithms       one trainer (own JVM) per algorithm, versions namespaced by algorithm
 * @param roundEveryTasks  a trainer runs a round after this many new tasks
 * @param heldOutFraction  fraction of personas held out for evaluation
 * @param minSupport       support examples before a task is emitted
 * @param minQuery         query examples before a task is emitted
 * @param evalPersonas     held-out personas in the frozen evaluation set
 * @param baseReferenceDir pretrained base (Hugging Face layout) the evaluator scores once as {@code base}, or null
 * @param trainerOptions   {@code METASTREAM_LEARN_*} options of the trainers (key without prefix, lower case)
 * @param evaluatorOptions {@code METASTREAM_LEARN_*} options of the evaluator
 * @param childJvmOptions  JVM options of the trainer and evaluator processes
 * @param metricsPortBase  first metrics port (ingest, control, evaluator, trainers follow), or 0 for free ports
 * @param seed             seed of every service
 * @param policy           the promotion policy (evaluator verdicts and control decisions)
 */
public record PipelineSettings(
        Path workDir,
        List<Algorithm> algorithms,
        int roundEveryTasks,
        double heldOutFraction,
        int minSupport,
        int minQuery,
        int evalPersonas,
        Path baseReferenceDir,
        Map<String, String> trainerOptions,
        Map<String, String> evaluatorOptions,
        List<String> childJvmOptions,
        int metricsPortBase,
        long seed,
        PromotionPolicy policy) {

    public PipelineSettings {
        algorithms = List.copyOf(algorithms);
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("at least one retraining algorithm is needed");
        }
        trainerOptions = Map.copyOf(trainerOptions);
        evaluatorOptions = Map.copyOf(evaluatorOptions);
        childJvmOptions = List.copyOf(childJvmOptions);
        policy = policy == null ? PromotionPolicy.defaults() : policy;
    }

    /** Version namespace of an algorithm's trainer: {@code lora-ml-}, {@code sr-}, … */
    public static String versionPrefix(Algorithm algorithm) {
        return algorithm.name().toLowerCase().replace('_', '-') + "-";
    }
}
