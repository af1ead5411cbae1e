package io.metastream.learning.api;

import java.io.IOException;

/** The evaluator service's learning core: the few-shot adaptation protocol as a pure function. */
public interface FewShotEvaluator {
    AdaptationResult evaluate(AdaptationRequest request) throws IOException;
}
