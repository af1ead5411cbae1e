package io.metastream.evaluator;

import io.metastream.domain.PersonaTask;
import io.metastream.learning.api.AdaptationRequest;
import io.metastream.learning.api.AdaptationResult;
import io.metastream.learning.api.FewShotEvaluator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/** A hand-written protocol core for service tests: hits@1 is a function of the evaluated version's name. */
final class TinyEvaluator implements FewShotEvaluator {
    final List<AdaptationRequest> requests = new CopyOnWriteArrayList<>();
    private final ToDoubleFunction<String> hitsOfVersion;

    TinyEvaluator(ToDoubleFunction<String> hitsOfVersion) {
        this.hitsOfVersion = hitsOfVersion;
    }

    @Override
    public AdaptationResult evaluate(AdaptationRequest request) {
        requests.add(request);
        double hits = hitsOfVersion.applyAsDouble(request.baseDir().getFileName().toString());
        Map<String, Double> perTask = new HashMap<>();
        for (PersonaTask t : request.tasks()) {
            perTask.put(t.taskId(), hits);
        }
        return new AdaptationResult(hits, 0.0, hits, 0.05, perTask);
    }
}
