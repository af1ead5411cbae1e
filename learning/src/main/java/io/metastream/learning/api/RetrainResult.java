package io.metastream.learning.api;

import java.util.Map;

/**
 * What a round produced. A non-finite {@code finalLoss} means the round diverged: callers must not publish
 * its output.
 *
 * @param finalLoss mean training loss over the last epoch
 * @param steps     optimiser steps taken
 * @param details   extra figures for provenance (e.g. per-epoch losses, tokens/s), flat strings
 */
public record RetrainResult(double finalLoss, long steps, Map<String, String> details) {
    public RetrainResult {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public boolean finite() {
        return Double.isFinite(finalLoss);
    }
}
