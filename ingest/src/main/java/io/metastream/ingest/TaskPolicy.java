package io.metastream.ingest;

/**
 * How a persona's examples become a task.
 *
 * @param minSupport    a task is emitted only once it has at least this many support examples (>= 1)
 * @param minQuery      ... and at least this many query examples (>= 0)
 * @param queryFraction share of a persona's dialogues assigned to query (see {@link TaskAccumulator}), in [0, 1)
 * @param maxExamples   cap on support + query; see {@link TaskAccumulator} for which examples are kept
 * @param maxTaskBytes  cap on a task revision's JSON size (it must fit in one Kafka message)
 * @param salt          mixes the assignment and ranking hashes
 */
public record TaskPolicy(int minSupport, int minQuery, double queryFraction, int maxExamples, int maxTaskBytes,
        String salt) {
    public TaskPolicy {
        if (minSupport < 1) {
            throw new IllegalArgumentException("minSupport must be >= 1 (a task needs support), got " + minSupport);
        }
        if (minQuery < 0) {
            throw new IllegalArgumentException("minQuery must be >= 0, got " + minQuery);
        }
        if (!(queryFraction >= 0 && queryFraction < 1)) {
            throw new IllegalArgumentException("queryFraction must be in [0, 1), got " + queryFraction);
        }
        if (queryFraction == 0 && minQuery > 0) {
            throw new IllegalArgumentException("minQuery " + minQuery + " can never be met with queryFraction 0");
        }
        if (maxExamples < minSupport + minQuery) {
            throw new IllegalArgumentException("maxExamples " + maxExamples + " is below minSupport + minQuery = "
                    + (minSupport + minQuery) + "; no task could ever be emitted");
        }
        if (maxTaskBytes <= TaskAccumulator.ENVELOPE_BYTES) {
            throw new IllegalArgumentException("maxTaskBytes " + maxTaskBytes + " leaves no room for examples");
        }
        if (salt == null || salt.isEmpty()) {
            throw new IllegalArgumentException("salt is required (any fixed string)");
        }
    }

    /** Budgeted bytes the examples of one task may take. */
    long exampleBudget() {
        return (long) maxTaskBytes - TaskAccumulator.ENVELOPE_BYTES;
    }
}
