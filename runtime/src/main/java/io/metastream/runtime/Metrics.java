package io.metastream.runtime;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;

/** The one way services create their meter registry, so every service exposes the same JVM meters and tags. */
public final class Metrics {
    /** Common tag on every meter: which service produced it (bounded: ingest, trainer, evaluator, ...). */
    public static final String SERVICE_TAG = "service";

    /**
     * The Kafka client and Streams meters kept (Micrometer names): what the dashboard and the operator
     * runbook read, as counters to take {@code rate()} of, plus lag. Kafka registers several hundred more
     * per client (ready-made {@code *_rate} and {@code *_avg} gauges in its own sample windows, latencies
     * in milliseconds, per-node series); they are dropped. dashboards/README.md lists this set.
     */
    public static final Set<String> KAFKA_METERS = Set.of(
            "kafka.consumer.fetch.manager.records.consumed.total",
            "kafka.consumer.fetch.manager.bytes.consumed.total",
            "kafka.consumer.fetch.manager.records.lag.max",
            "kafka.consumer.fetch.manager.records.lag",
            "kafka.consumer.coordinator.rebalance.total",
            "kafka.consumer.coordinator.failed.rebalance.total",
            "kafka.producer.record.send.total",
            "kafka.producer.record.error.total",
            "kafka.producer.record.retry.total",
            "kafka.stream.thread.process.total",
            "kafka.stream.thread.commit.total",
            "kafka.stream.alive.stream.threads");
    /** Tags dropped from every meter: constant per build, or a per-process id. */
    static final String[] DROPPED_TAGS = {"kafka.version", "process.id"};

    private Metrics() {
    }

    /** Denies every {@code kafka.*} meter outside {@link #KAFKA_METERS}. */
    static MeterFilter kafkaAllowList() {
        return MeterFilter.denyUnless(id -> !id.getName().startsWith("kafka.") || KAFKA_METERS.contains(id.getName()));
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
        registry.config().commonTags(SERVICE_TAG, serviceName).meterFilter(kafkaAllowList())
                .meterFilter(MeterFilter.ignoreTags(DROPPED_TAGS));
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }
}
