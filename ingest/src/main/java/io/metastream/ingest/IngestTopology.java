package io.metastream.ingest;

import io.metastream.domain.Split;
import io.metastream.domain.Topics;
import io.metastream.domain.serde.Utf8;
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
 *                                        → accumulate (stores: task heads, task entries; emits changed tasks
 *                                          every emit interval, or at once if it is 0)
 *                                        ─┬─ TRAIN tasks → persona-tasks topic (key: task id)
 *                                         └─ HELD_OUT tasks → held-out-tasks (or METASTREAM_HELD_OUT_TOPIC)
 * </pre>
 * Held-out tasks go to their own compacted topic, which only the evaluator reads, so held-out personas never
 * touch the training topic; they also carry {@link Split#HELD_OUT} and the task id {@code <persona>~held-out}
 * (the trainer refuses such a task as a second line of defence). A persona's split
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
    public static final String ACCUMULATE = "accumulate-tasks";
    public static final String SPLIT_PREFIX = "tasks-";
    public static final String TASKS_SINK = "persona-tasks-sink";
    public static final String HELD_OUT_SINK = "held-out-tasks-sink";
    /** Per persona: split, revision, dirty flag, counts, bytes and eviction cut-off (a few dozen bytes). */
    public static final String HEADS_STORE = "ingest-task-heads";
    /**
     * Per held example: (persona, rank, example id) → side, source offset, canonical JSON. Bounded by the
     * per-task caps; doubles as the duplicate check (an example held is found by its key, one evicted or
     * refused is at or above the persona's cut-off).
     */
    public static final String ENTRIES_STORE = "ingest-task-entries";

    private IngestTopology() {
    }

    public static Topology build(IngestConfig config) {
        return build(config, IngestMetrics.noop());
    }

    public static Topology build(IngestConfig config, IngestMetrics metrics) {
        Topics topics = config.topics();
        ExampleValidator validator = new ExampleValidator(config.maxRecordBytes(), config.maxContextBytes());
        TaskAccumulator accumulator = new TaskAccumulator(config.taskPolicy());
        PersonaSplitter splitter = config.splitter();

        StreamsBuilder builder = new StreamsBuilder();
        // Cached: a head is rewritten per example but reaches the changelog about once per commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HEADS_STORE),
                Utf8.serde(), TaskStores.headSerde()).withCachingEnabled());
        // Not cached: an entry is written once (and deleted at most once), so a cache would only copy it.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ENTRIES_STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled());

        Map<String, KStream<byte[], ValidateProcessor.Routed>> routes = builder
                .stream(topics.conversations(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(SOURCE))
                .process(() -> new ValidateProcessor(validator, metrics), Named.as(VALIDATE))
                .split(Named.as(ROUTE_PREFIX))
                .branch((k, v) -> v.isValid(), Branched.as("valid"))
                .defaultBranch(Branched.as("rejected"));

        routes.get(ROUTE_PREFIX + "rejected")
                .mapValues(ValidateProcessor.Routed::rejectedBytes, Named.as("rejected-original-bytes"))
                .to(topics.rejected(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(REJECTED_SINK));

        Map<String, KStream<String, AccumulateProcessor.Emitted>> tasks = routes.get(ROUTE_PREFIX + "valid")
                .map((k, v) -> KeyValue.pair(v.personaId(), v.valid()), Named.as(KEY_BY_PERSONA))
                .repartition(Repartitioned.with(Utf8.serde(), SourcedExample.serde(topics.conversations()))
                        .withName(BY_PERSONA))
                .process(() -> new AccumulateProcessor(accumulator, splitter, metrics, config.emitInterval(),
                                topics.conversations()),
                        Named.as(ACCUMULATE), HEADS_STORE, ENTRIES_STORE)
                .split(Named.as(SPLIT_PREFIX))
                .branch((k, task) -> task.split() == Split.TRAIN, Branched.as("train"))
                .defaultBranch(Branched.as("held-out"));

        tasks.get(SPLIT_PREFIX + "train").mapValues(AccumulateProcessor.Emitted::json, Named.as("train-task-json"))
                .to(topics.personaTasks(), taskSink(TASKS_SINK));
        tasks.get(SPLIT_PREFIX + "held-out").mapValues(AccumulateProcessor.Emitted::json, Named.as("held-out-task-json"))
                .to(config.heldOutTasksTopic(), taskSink(HELD_OUT_SINK));
        return builder.build();
    }

    // A fresh Produced per sink: withName mutates the instance.
    private static Produced<String, byte[]> taskSink(String name) {
        return Produced.with(Utf8.serde(), Serdes.ByteArray()).withName(name);
    }
}
