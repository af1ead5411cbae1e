package io.metastream.ingest;

import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.domain.Topics;
import io.metastream.domain.serde.JsonSerde;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The ingest topology, built by a pure method that starts nothing:
 * <pre>
 * conversations (bytes) → validate ─┬─ rejected → rejected topic (original bytes + reason headers)
 *                                   └─ valid → key by persona → by-persona repartition
 *                                        → dedupe (store: example ids) → accumulate (store: persona tasks;
 *                                          emits changed tasks every emit interval, or at once if it is 0)
 *                                        ─┬─ TRAIN tasks → persona-tasks topic (key: task id)
 *                                         └─ HELD_OUT tasks → held-out topic if configured, else persona-tasks
 * </pre>
 * Held-out tasks on the shared topic carry {@link Split#HELD_OUT} and the task id
 * {@code <persona>~held-out}: consumers that train must keep only {@link Split#TRAIN} (or set
 * {@code METASTREAM_HELD_OUT_TOPIC} so held-out tasks never touch the training topic). A persona's split
 * is fixed, so one persona never appears on both sides. Every processor, store and internal topic is named,
 * so a later change cannot silently rename changelogs and lose state.
 */
public final class IngestTopology {
    public static final String SOURCE = "conversations-source";
    public static final String VALIDATE = "validate";
    public static final String ROUTE_PREFIX = "route-";
    public static final String REJECTED_SINK = "rejected-sink";
    public static final String KEY_BY_PERSONA = "key-by-persona";
    public static final String BY_PERSONA = "by-persona";
    public static final String DEDUPE = "dedupe-examples";
    public static final String ACCUMULATE = "accumulate-tasks";
    public static final String SPLIT_PREFIX = "tasks-";
    public static final String TASKS_SINK = "persona-tasks-sink";
    public static final String HELD_OUT_SINK = "held-out-tasks-sink";
    /**
     * Example ids seen ((persona, example id) → first timestamp). Grows with distinct examples, about 100
     * bytes each: ~100 MB per million examples; a retention policy is future work.
     */
    public static final String EXAMPLE_IDS_STORE = "ingest-example-ids";
    /** Task state per persona id, bounded by the max examples per task. */
    public static final String TASKS_STORE = "ingest-persona-tasks";

    private IngestTopology() {
    }

    public static Topology build(IngestConfig config) {
        return build(config, IngestMetrics.noop());
    }

    public static Topology build(IngestConfig config, IngestMetrics metrics) {
        Topics topics = config.topics();
        ExampleValidator validator = new ExampleValidator(config.maxRecordBytes());
        TaskAccumulator accumulator = new TaskAccumulator(config.taskPolicy());
        PersonaSplitter splitter = config.splitter();

        StreamsBuilder builder = new StreamsBuilder();
        // Cached: a persona's state is rewritten per example but reaches the changelog once per commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EXAMPLE_IDS_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TASKS_STORE),
                Serdes.String(), new JsonSerde<>(TaskState.class)).withCachingEnabled());

        Map<String, KStream<byte[], ValidateProcessor.Routed>> routes = builder
                .stream(topics.conversations(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(SOURCE))
                .process(() -> new ValidateProcessor(validator, metrics), Named.as(VALIDATE))
                .split(Named.as(ROUTE_PREFIX))
                .branch((k, v) -> v.isValid(), Branched.as("valid"))
                .defaultBranch(Branched.as("rejected"));

        routes.get(ROUTE_PREFIX + "rejected")
                .mapValues(ValidateProcessor.Routed::rejectedBytes, Named.as("rejected-original-bytes"))
                .to(topics.rejected(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(REJECTED_SINK));

        Map<String, KStream<String, PersonaTask>> tasks = routes.get(ROUTE_PREFIX + "valid")
                .map((k, v) -> KeyValue.pair(v.valid().example().personaId(), v.valid()), Named.as(KEY_BY_PERSONA))
                .repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(SourcedExample.class))
                        .withName(BY_PERSONA))
                .process(() -> new DedupeProcessor(EXAMPLE_IDS_STORE, metrics), Named.as(DEDUPE), EXAMPLE_IDS_STORE)
                .process(() -> new AccumulateProcessor(TASKS_STORE, accumulator, splitter, metrics,
                                config.emitInterval()),
                        Named.as(ACCUMULATE), TASKS_STORE)
                .split(Named.as(SPLIT_PREFIX))
                .branch((k, task) -> task.split() == Split.TRAIN, Branched.as("train"))
                .defaultBranch(Branched.as("held-out"));

        tasks.get(SPLIT_PREFIX + "train").to(topics.personaTasks(), taskSink(TASKS_SINK));
        tasks.get(SPLIT_PREFIX + "held-out").to(config.heldOutTasksTopic(), taskSink(HELD_OUT_SINK));
        return builder.build();
    }

    // A fresh Produced per sink: withName mutates the instance.
    private static Produced<String, PersonaTask> taskSink(String name) {
        return Produced.with(Serdes.String(), JsonSerde.personaTask()).withName(name);
    }
}
