package io.metastream.learning.api;

import java.io.IOException;
import java.nio.file.Path;

/** The evaluator service's learning core: the few-shot adaptation protocol as a pure function. */
public interface FewShotEvaluator {
    AdaptationResult evaluate(AdaptationRequest request) throws IOException;

    /**
     * The same, and keeps the per-persona adapters the first seed trained (the ones behind that seed's
     * outcomes): one directory per task under {@code adaptersDir}. A core that cannot keep adapters writes
     * nothing there (this default), and nothing can then be ported from its evaluations.
     */
    default AdaptationResult evaluate(AdaptationRequest request, Path adaptersDir) throws IOException {
        return evaluate(request);
    }
}
