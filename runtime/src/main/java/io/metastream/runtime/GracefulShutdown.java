package io.metastream.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes what a service opened, in reverse order of registration, exactly once — whether from a JVM
 * shutdown hook (SIGTERM from Kubernetes) or an explicit {@link #close()}. A failing close is logged and
 * does not stop the others from closing.
 */
public final class GracefulShutdown implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

    private record Entry(String name, AutoCloseable resource) {
    }

    private final Deque<Entry> resources = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicReference<Throwable> failure =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** Registers a resource; the last registered is closed first. Returns the resource for chaining. */
    public synchronized <T extends AutoCloseable> T register(String name, T resource) {
        if (resource == null) {
            throw new IllegalArgumentException("resource '" + name + "' is null; register it after creating it");
        }
        if (closed.get()) {
            throw new IllegalStateException("already shut down; cannot register '" + name + "'");
        }
        resources.push(new Entry(name, resource));
        return resource;
    }

    /** Installs a JVM shutdown hook that calls {@link #close()}. Returns this for chaining. */
    public GracefulShutdown installHook(String threadName) {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, threadName));
        return this;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Stops the service because of a fatal error: records the first cause (the service command then exits
     * non-zero and prints it in one line) and closes everything.
     */
    public void fail(Throwable cause) {
        failure.compareAndSet(null, cause);
        close();
    }

    /** The fatal error the service stopped on, if it did not stop by request. */
    public java.util.Optional<Throwable> failure() {
        return java.util.Optional.ofNullable(failure.get());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            while (!resources.isEmpty()) {
                Entry e = resources.pop();
                try {
                    e.resource().close();
                    LOG.debug("closed {}", e.name());
                } catch (Exception ex) {
                    LOG.warn("closing {} failed; continuing with the rest", e.name(), ex);
                }
            }
        }
    }
}
