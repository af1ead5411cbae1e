package io.metastream.evaluator;

import io.metastream.domain.PersonaTask;
import io.metastream.learning.api.AdaptationRequest;
import io.metastream.learning.api.AdaptationResult;
import io.metastream.learning.api.FewShotEvaluator;
import io.metastream.learning.api.QueryOutcomes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/**
 * A hand-written protocol core for service tests: hits@1 is a function of the evaluated version's name. Its
 * per-query outcomes are {@value #OUTCOMES} bits per (task, seed), the first {@code round(hits · 100)} right, so a
 * better version is right on a superset of a worse one's queries (no negative flips) and every persona differs
 * by the same amount (a degenerate paired interval at the difference of the means).
 */
final class TinyEvaluator implements FewShotEvaluator {
    static final int OUTCOMES = 100;
    final List<AdaptationRequest> requests = new CopyOnWriteArrayList<>();
    private final ToDoubleFunction<String> hitsOfVersion;

    private final boolean keepsAdapters;

    TinyEvaluator(ToDoubleFunction<String> hitsOfVersion) {
        this(hitsOfVersion, false);
    }

    /** With {@code keepsAdapters}, it writes one small adapter directory per task, as the real protocol does. */
    TinyEvaluator(ToDoubleFunction<String> hitsOfVersion, boolean keepsAdapters) {
        this.hitsOfVersion = hitsOfVersion;
        this.keepsAdapters = keepsAdapters;
    }

    @Override
    public AdaptationResult evaluate(AdaptationRequest request, java.nio.file.Path adaptersDir)
            throws java.io.IOException {
        if (keepsAdapters) {
            for (PersonaTask t : request.tasks()) {
                java.nio.file.Path a = java.nio.file.Files.createDirectories(adaptersDir.resolve(
                        io.metastream.learning.adapt.Registry.directoryName(t.taskId())));
                java.nio.file.Files.writeString(a.resolve("adapter_model.safetensors"), "adapter of "
                        + request.baseDir().getFileName() + " for " + t.taskId());
            }
        }
        return evaluate(request);
    }

    @Override
    public AdaptationResult evaluate(AdaptationRequest request) {
        requests.add(request);
        double hits = hitsOfVersion.applyAsDouble(request.baseDir().getFileName().toString());
        Map<String, Double> perTask = new HashMap<>();
        for (PersonaTask t : request.tasks()) {
            perTask.put(t.taskId(), hits);
        }
        List<QueryOutcomes> outcomes = new ArrayList<>();
        for (PersonaTask t : request.tasks()) {
            for (long seed : request.seeds()) {
                List<Boolean> correct = new ArrayList<>();
                for (int i = 0; i < OUTCOMES; i++) {
                    correct.add(i < Math.round(hits * OUTCOMES));
                }
                outcomes.add(new QueryOutcomes(t.taskId(), seed, correct, List.of()));
            }
        }
        return new AdaptationResult(hits, 0.0, hits, 0.05, perTask, outcomes);
    }
}
