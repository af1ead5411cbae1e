package io.metastream.domain;

/** The only exception domain constructors throw for bad values: a bounded reason plus a detail. */
public final class DomainValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final RejectReason reason;

    public DomainValidationException(RejectReason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
