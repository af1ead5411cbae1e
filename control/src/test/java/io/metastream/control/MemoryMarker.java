package io.metastream.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An in-memory {@link ProductionMarker} that remembers every write; can be told to fail like a full disk. */
public final class MemoryMarker implements ProductionMarker {
    final List<String> writes = new ArrayList<>();
    volatile boolean failing;

    @Override
    public synchronized Optional<String> read() {
        return writes.isEmpty() ? Optional.empty() : Optional.of(writes.get(writes.size() - 1));
    }

    @Override
    public synchronized void write(String version) {
        if (failing) {
            throw new IllegalStateException("disk full");
        }
        writes.add(version);
    }

    @Override
    public String describe() {
        return "memory";
    }
}
