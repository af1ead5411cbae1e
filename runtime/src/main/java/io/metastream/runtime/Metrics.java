package io.metastream.runtime;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The one way services create their meter registry, so every service exposes the same JVM meters and tags. */
public final class Metrics {
    /** Common tag on every meter: which service produced it (bounded: ingest, trainer, evaluator, ...). */
    public static final String SERVICE_TAG = "service";

    private Metrics() {
    }

    /**
     * A Prometheus registry tagged {@code service=<serviceName>} with JVM memory, GC, thread, class-loader,
     * processor and uptime meters bound. Closing the registry also stops the GC listener.
     */
    public static PrometheusMeterRegistry newRegistry(String serviceName) {
        if (serviceName == null || serviceName.isBlank()) {
            throw new IllegalArgumentException("serviceName is required (e.g. \"ingest\"); it becomes the service tag");
        }
        // The GC binder registers JMX listeners that must be removed when the registry goes away.
        JvmGcMetrics gc = new JvmGcMetrics();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) {
            @Override
            public void close() {
                gc.close();
                super.close();
            }
        };
        registry.config().commonTags(SERVICE_TAG, serviceName);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }
}
