package io.metastream.domain;

/** A half-open range [fromInclusive, toExclusive) of offsets in one topic partition. */
public record OffsetRange(String topic, int partition, long fromInclusive, long toExclusive) {
    public OffsetRange {
        Checks.text(topic, "topic");
        Checks.nonNegative(partition, "partition");
        Checks.nonNegative(fromInclusive, "fromInclusive");
        if (toExclusive < fromInclusive) {
            throw new DomainValidationException(RejectReason.INCONSISTENT,
                    "toExclusive " + toExclusive + " is before fromInclusive " + fromInclusive);
        }
    }

    public long count() {
        return toExclusive - fromInclusive;
    }
}
