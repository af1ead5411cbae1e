package io.metastream.control;

import java.util.Optional;

/**
 * The production marker serving processes read ({@code PRODUCTION} at the artifact store root). Written only
 * after the ledger entry and pointer are committed; the ledger stays the source of truth.
 */
public interface ProductionMarker {

    /** The version the marker names, or empty if none. */
    Optional<String> read();

    /** Atomically replaces the marker with {@code version}; throws if it cannot. */
    void write(String version);

    /** Where the marker lives, for log messages. */
    String describe();
}
