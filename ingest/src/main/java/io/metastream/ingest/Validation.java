package io.metastream.ingest;

import io.metastream.domain.RejectReason;
import java.util.Objects;

/** The outcome of validating one raw record: a valid example, or why it was refused. */
public sealed interface Validation {

    record Valid(ExampleValidator.Accepted accepted) implements Validation {
        public Valid {
            Objects.requireNonNull(accepted, "accepted");
        }
    }

    record Invalid(RejectReason reason, String detail) implements Validation {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
            detail = detail == null || detail.isBlank() ? reason.name() : detail;
        }
    }
}
