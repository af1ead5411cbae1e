package io.metastream.learning.api;

import java.io.IOException;

/**
 * The trainer service's learning core: a pure function from tasks and a parent base to a new base on disk.
 * Implementations hold no Kafka or environment code. DJL's gradient collector is process-global, so one
 * JVM runs one retraining at a time.
 */
public interface Retrainer {
    RetrainResult retrain(RetrainRequest request) throws IOException;
}
