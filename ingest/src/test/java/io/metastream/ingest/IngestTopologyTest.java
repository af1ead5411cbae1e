package io.metastream.ingest;

import static io.metastream.ingest.Examples.bytes;
import static io.metastream.ingest.Examples.example;
import static io.metastream.ingest.Examples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.OffsetRange;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.RejectReason;
import io.metastream.domain.Split;
import io.metastream.domain.Topics;
import io.metastream.domain.serde.JsonSerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestTopologyTest {
    @TempDir
    Path stateDir;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> conversations;
    private TestOutputTopic<byte[], byte[]> rejected;
    private TestOutputTopic<String, PersonaTask> tasks;
    private IngestConfig config;

    private void start(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of(
                IngestConfig.BOOTSTRAP_SERVERS, "unused:9092",
                IngestConfig.APPLICATION_ID, "ingest-test",
                IngestConfig.TOPIC_PREFIX, "t.",
                IngestConfig.MIN_SUPPORT, "2",
                IngestConfig.MIN_QUERY, "1",
                IngestConfig.QUERY_FRACTION, "0.3",
                IngestConfig.HELD_OUT_FRACTION, "0.5",
                IngestConfig.MAX_EXAMPLES_PER_TASK, "50",
                IngestConfig.EMIT_INTERVAL, "0",
                IngestConfig.STATE_DIR, stateDir.toString()));
        env.putAll(extra);
        config = IngestConfig.fromEnv(env);
        driver = new TopologyTestDriver(IngestTopology.build(config, new IngestMetrics(registry)),
                config.streamsProperties());
        Topics topics = config.topics();
        conversations = driver.createInputTopic(topics.conversations(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        rejected = driver.createOutputTopic(topics.rejected(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        tasks = driver.createOutputTopic(topics.personaTasks(), Serdes.String().deserializer(),
                JsonSerde.personaTask().deserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private String persona(Split side, int skip) {
        PersonaSplitter splitter = config.splitter();
        return IntStream.range(0, 1_000).mapToObj(i -> "persona-" + i)
                .filter(p -> splitter.splitOf(p) == side).skip(skip).findFirst().orElseThrow();
    }

    private void send(ConversationExample e) {
        conversations.pipeInput(utf8(e.personaId()), bytes(e));
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void validRecordsBecomeTasksKeyedByTaskIdWithGrowingRevisions() {
        start(Map.of());
        String p = persona(Split.TRAIN, 0);
        for (int i = 0; i < 12; i++) {
            send(example(p, i));
        }

        List<TestRecord<String, PersonaTask>> out = tasks.readRecordsToList();

        assertThat(out).isNotEmpty().allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(p);
            assertThat(r.value().split()).isEqualTo(Split.TRAIN);
            assertThat(r.value().support()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(r.value().query()).hasSizeGreaterThanOrEqualTo(1);
        });
        assertThat(out).extracting(r -> r.value().revision())
                .containsExactlyElementsOf(IntStream.range(0, out.size()).mapToObj(i -> (long) i).toList());
        PersonaTask last = out.get(out.size() - 1).value();
        assertThat(last.size()).isEqualTo(12);
        assertThat(last.sources()).containsExactly(new OffsetRange(config.topics().conversations(), 0, 0, 12));
        assertThat(rejected.isEmpty()).isTrue();
        assertThat(counter("metastream.ingest.consumed")).isEqualTo(12);
        assertThat(registry.get("metastream.ingest.emitted").tag("split", "train").counter().count())
                .isEqualTo(out.size());
    }

    @Test
    void everyBadRecordLandsInRejectedWithOriginalBytesAndReasonHeaders() {
        start(Map.of());
        String p = persona(Split.TRAIN, 0);
        byte[] blankReply = utf8(new String(bytes(example(p, 1)), StandardCharsets.UTF_8)
                .replace("\"i am fine, i like dogs 1\"", "\"  \""));
        byte[] badJson = {'{', '"', 0x01, (byte) 0xfe};
        ConversationExample withCands = Examples.withCandidates(p, 2);
        byte[] noGold = utf8(new String(bytes(withCands), StandardCharsets.UTF_8)
                .replace("\"candidates\":[\"i am fine, i like dogs 2\"", "\"candidates\":[\"not the gold\""));
        RecordHeaders producerHeaders = new RecordHeaders();
        producerHeaders.add("trace-id", utf8("abc"));

        conversations.pipeInput(new TestRecord<>(utf8("k1"), blankReply, producerHeaders));
        conversations.pipeInput(utf8("k2"), badJson);
        conversations.pipeInput(utf8("k3"), noGold);
        conversations.pipeInput(utf8("k4"), (byte[]) null);

        List<TestRecord<byte[], byte[]>> out = rejected.readRecordsToList();
        assertThat(out).hasSize(4);
        assertThat(out).extracting(r -> header(r, RejectReason.HEADER)).containsExactly(
                "BLANK_TEXT", "NOT_UTF8", "CANDIDATES_WITHOUT_GOLD", "MISSING_FIELD");
        assertThat(out).allSatisfy(r -> assertThat(header(r, RejectReason.DETAIL_HEADER)).isNotBlank());
        assertThat(out.get(0).value()).isEqualTo(blankReply);
        assertThat(out.get(0).key()).isEqualTo(utf8("k1"));
        assertThat(header(out.get(0), "trace-id")).isEqualTo("abc");
        assertThat(out.get(1).value()).isEqualTo(badJson);
        assertThat(out.get(2).value()).isEqualTo(noGold);
        assertThat(out.get(3).value()).isNull();
        assertThat(tasks.isEmpty()).isTrue();
        assertThat(registry.get("metastream.ingest.rejected").tag("reason", "not_utf8").counter().count())
                .isEqualTo(1);
    }

    @Test
    void duplicatesDoNotGrowATaskNorEmitNewRevisions() {
        start(Map.of());
        String p = persona(Split.TRAIN, 0);
        for (int i = 0; i < 10; i++) {
            send(example(p, i));
        }
        List<TestRecord<String, PersonaTask>> first = tasks.readRecordsToList();
        for (int i = 0; i < 10; i++) {
            send(example(p, i));
        }

        assertThat(first.get(first.size() - 1).value().size()).isEqualTo(10);
        assertThat(tasks.isEmpty()).isTrue();
        assertThat(registry.get("metastream.ingest.dropped").tag("cause", "duplicate").counter().count())
                .isEqualTo(10);
    }

    @Test
    void withAnEmitIntervalChangedTasksArePublishedOncePerInterval() {
        start(Map.of(IngestConfig.EMIT_INTERVAL, "PT10S"));
        String p = persona(Split.TRAIN, 0);
        for (int i = 0; i < 12; i++) {
            send(example(p, i));
        }
        assertThat(tasks.isEmpty()).as("nothing before the interval elapses").isTrue();

        driver.advanceWallClockTime(java.time.Duration.ofSeconds(10));
        List<PersonaTask> first = tasks.readValuesToList();
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(10));
        assertThat(tasks.isEmpty()).as("an unchanged task is not published again").isTrue();
        send(example(p, 12));
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(10));
        List<PersonaTask> second = tasks.readValuesToList();

        assertThat(first).singleElement().satisfies(t -> {
            assertThat(t.size()).isEqualTo(12);
            assertThat(t.revision()).isZero();
        });
        assertThat(second).singleElement().satisfies(t -> {
            assertThat(t.size()).isEqualTo(13);
            assertThat(t.revision()).isEqualTo(1);
        });
    }

    @Test
    void theSameExampleIdUnderAnotherPersonaIsNotADuplicate() {
        start(Map.of());
        String a = persona(Split.TRAIN, 0);
        String b = persona(Split.TRAIN, 1);
        for (int i = 0; i < 8; i++) {
            ConversationExample e = example(a, i);
            send(e);
            send(new ConversationExample(e.exampleId(), b, e.dialogueId(), e.turn(), e.context(), e.reply(),
                    e.candidates(), e.personaFacts(), e.source()));
        }
        Map<String, PersonaTask> latest = tasks.readKeyValuesToMap();
        assertThat(latest.get(a).size()).isEqualTo(8);
        assertThat(latest.get(b).size()).isEqualTo(8);
        assertThat(registry.get("metastream.ingest.dropped").tag("cause", "duplicate").counter().count()).isZero();
    }

    @Test
    void heldOutPersonasNeverReachTheTrainingTopic() {
        start(Map.of());
        TestOutputTopic<String, PersonaTask> heldOut = driver.createOutputTopic(config.topics().heldOutTasks(),
                Serdes.String().deserializer(), JsonSerde.personaTask().deserializer());
        for (int p = 0; p < 40; p++) {
            for (int i = 0; i < 6; i++) {
                send(example("persona-" + p, i));
            }
        }

        List<PersonaTask> train = tasks.readValuesToList();
        List<PersonaTask> held = heldOut.readValuesToList();
        PersonaSplitter splitter = config.splitter();
        assertThat(train).isNotEmpty().allSatisfy(t -> {
            assertThat(t.split()).isEqualTo(Split.TRAIN).isEqualTo(splitter.splitOf(t.personaId()));
            assertThat(t.taskId()).isEqualTo(PersonaTask.taskIdFor(t.personaId(), Split.TRAIN));
        });
        assertThat(held).isNotEmpty().allSatisfy(t -> {
            assertThat(t.split()).isEqualTo(Split.HELD_OUT).isEqualTo(splitter.splitOf(t.personaId()));
            assertThat(t.taskId()).isEqualTo(PersonaTask.taskIdFor(t.personaId(), Split.HELD_OUT));
        });
    }

    @Test
    void aDedicatedHeldOutTopicKeepsHeldOutTasksOffTheTrainingTopic() {
        start(Map.of(IngestConfig.HELD_OUT_TOPIC, "t.held-out-tasks.v1"));
        TestOutputTopic<String, PersonaTask> heldOut = driver.createOutputTopic("t.held-out-tasks.v1",
                Serdes.String().deserializer(), JsonSerde.personaTask().deserializer());
        for (int p = 0; p < 20; p++) {
            for (int i = 0; i < 6; i++) {
                send(example("persona-" + p, i));
            }
        }

        assertThat(tasks.readValuesToList()).isNotEmpty().allSatisfy(t -> assertThat(t.split()).isEqualTo(Split.TRAIN));
        assertThat(heldOut.readValuesToList()).isNotEmpty()
                .allSatisfy(t -> assertThat(t.split()).isEqualTo(Split.HELD_OUT));
    }

    @Test
    void aRecordWhoseKeyIsNotItsPersonaIdIsRejectedAsInconsistent() {
        start(Map.of());
        String p = persona(Split.TRAIN, 1);
        for (int i = 0; i < 8; i++) {
            conversations.pipeInput(utf8("random-key-" + i), bytes(example(p, i)));
        }
        assertThat(tasks.isEmpty()).isTrue();
        assertThat(rejected.readRecordsToList()).hasSize(8)
                .allSatisfy(r -> assertThat(header(r, RejectReason.HEADER)).isEqualTo("INCONSISTENT"));
    }

    @Test
    void processorStoreAndInternalTopicNamesAreStable() {
        start(Map.of());
        Topology topology = IngestTopology.build(config);
        String d = topology.describe().toString();

        assertThat(topology.describe().subtopologies()).hasSize(2);
        assertThat(d).contains(
                "Source: conversations-source (topics: [t.conversations.v1])",
                "Processor: validate (stores: [])",
                "Processor: route-valid", "Processor: route-rejected",
                "Processor: key-by-persona",
                "Sink: by-persona-repartition-sink (topic: by-persona-repartition)",
                "Sink: rejected-sink (topic: t.rejected.v1)",
                "Source: by-persona-repartition-source (topics: [by-persona-repartition])",
                "Processor: accumulate-tasks (stores: [ingest-task-entries, ingest-task-heads])",
                "Processor: tasks-train", "Processor: tasks-held-out",
                "Sink: persona-tasks-sink (topic: t.persona-tasks.v1)",
                "Sink: held-out-tasks-sink (topic: t.held-out-tasks.v1)");
        assertThat(d).doesNotContainPattern("KSTREAM-|KTABLE-|KSTREAM-SOURCE");
    }

    @Test
    void personaIdsThatDifferOnlyByALoneSurrogateNeitherCollideNorStopTheTopology() {
        start(Map.of());
        String p = persona(Split.TRAIN, 0);
        String json = new String(bytes(example(p, 0)), StandardCharsets.UTF_8);
        // "p\ud800" as a JSON escape; a String serde would write its key as "p?"
        byte[] surrogate = utf8(json.replace("\"personaId\":\"" + p + "\"", "\"personaId\":\"" + p + "\\ud800\""));
        conversations.pipeInput(utf8(p + "?"), surrogate);
        for (int i = 0; i < 12; i++) {
            ConversationExample e = example(p, i);
            send(new ConversationExample(e.exampleId(), p + "?", e.dialogueId(), e.turn(), e.context(), e.reply(),
                    List.of(), List.of(), "test"));
        }
        assertThat(rejected.readRecordsToList()).singleElement()
                .satisfies(r -> assertThat(header(r, RejectReason.HEADER)).isEqualTo("MALFORMED_TEXT"));
        Map<String, PersonaTask> latest = new HashMap<>(tasks.readKeyValuesToMap());
        latest.putAll(driver.createOutputTopic(config.topics().heldOutTasks(), Serdes.String().deserializer(),
                JsonSerde.personaTask().deserializer()).readKeyValuesToMap());
        assertThat(latest.values()).singleElement().satisfies(t -> {
            assertThat(t.personaId()).isEqualTo(p + "?");
            assertThat(t.size()).isEqualTo(12);
        });
    }

    @Test
    void exampleIdsThatDifferOnlyByALoneSurrogateAreRejectedNotSilentlyDeduplicated() {
        start(Map.of());
        String p = persona(Split.TRAIN, 0);
        for (int i = 0; i < 10; i++) {
            ConversationExample e0 = example(p, i);
            // "<id>?" and "<id>\ud800" were one store key for a String serde: the second was dropped as a duplicate
            ConversationExample e = new ConversationExample(e0.exampleId() + "?", p, e0.dialogueId(), e0.turn(),
                    e0.context(), e0.reply(), List.of(), List.of(), "test");
            send(e);
            String json = new String(bytes(e), StandardCharsets.UTF_8)
                    .replace("\"exampleId\":\"" + e.exampleId() + "\"", "\"exampleId\":\"" + e0.exampleId() + "\\ud800\"");
            conversations.pipeInput(utf8(p), utf8(json));
        }
        assertThat(rejected.readRecordsToList()).hasSize(10)
                .allSatisfy(r -> assertThat(header(r, RejectReason.HEADER)).isEqualTo("MALFORMED_TEXT"));
        assertThat(registry.get("metastream.ingest.dropped").tag("cause", "duplicate").counter().count()).isZero();
        List<PersonaTask> out = tasks.readValuesToList();
        assertThat(out.get(out.size() - 1).size()).isEqualTo(10);
    }

    @Test
    void junkAfterTheJsonDuplicateKeysAndCoercionsAreRejectedWithTheirReasons() {
        start(Map.of());
        String p = persona(Split.TRAIN, 0);
        String json = new String(bytes(example(p, 1)), StandardCharsets.UTF_8);
        conversations.pipeInput(utf8(p), utf8(json + " garbage"));
        conversations.pipeInput(utf8(p), utf8(json + "]]]"));
        conversations.pipeInput(utf8(p), utf8(json.replace("\"source\":\"test\"", "\"source\":\"test\",\"source\":\"x\"")));
        conversations.pipeInput(utf8(p), utf8(json.replace("\"reply\":\"i am fine, i like dogs 1\"", "\"reply\":true")));
        conversations.pipeInput(utf8(p), utf8(json.replace("\"turn\":0", "\"turn\":3.9")));
        conversations.pipeInput(utf8(p), json.getBytes(StandardCharsets.UTF_16));
        conversations.pipeInput(utf8(p), utf8("\uFEFF" + json));
        conversations.pipeInput(utf8(p), utf8(json.replace("\"source\"", "\"sourse\":1,\"source\"")));

        assertThat(rejected.readRecordsToList()).extracting(r -> header(r, RejectReason.HEADER)).containsExactly(
                "TRAILING_DATA", "TRAILING_DATA", "DUPLICATE_KEY", "WRONG_TYPE", "WRONG_TYPE", "NOT_UTF8", "NOT_UTF8",
                "UNKNOWN_FIELD");
    }

    @Test
    void onePersonaFilledWithMaximumSizeRecordsStaysUnderTheTaskLimitAndIngestGoesOn() {
        start(Map.of(IngestConfig.MAX_TASK_BYTES, "262144"));
        String p = persona(Split.TRAIN, 0);
        byte[] last = null;
        int sent = 0;
        for (int i = 0; i < 120; i++) {
            ConversationExample e = Examples.example(p, i);
            // turns near the record limit: ~15.8 KB records, each within every limit
            List<String> context = List.of("a".repeat(4_000) + i, "b".repeat(4_000) + i, "c".repeat(3_900) + i);
            ConversationExample big = new ConversationExample(e.exampleId(), p, e.dialogueId(), e.turn(), context,
                    "r".repeat(3_800) + i, List.of(), List.of(), "test");
            byte[] b = bytes(big);
            assertThat(b.length).isBetween(15_000, 16_384);
            send(big);
            sent++;
            last = b;
        }
        assertThat(last).isNotNull();
        List<TestRecord<String, byte[]>> out = driver.createOutputTopic(config.topics().personaTasks(),
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer()).readRecordsToList();
        assertThat(out).isNotEmpty().allSatisfy(r -> assertThat(r.value().length).isLessThanOrEqualTo(262_144));
        PersonaTask task = JsonSerde.personaTask().fromBytes(out.get(out.size() - 1).value());
        assertThat(task.support()).allSatisfy(ex -> assertThat(ex.droppedTurns()).isPositive());
        assertThat(rejected.isEmpty()).isTrue();
        // and the next persona is served as usual
        String q = persona(Split.TRAIN, 1);
        for (int i = 0; i < 12; i++) {
            send(example(q, i));
        }
        assertThat(tasks.readKeyValuesToMap().get(q).size()).isEqualTo(12);
        assertThat(sent).isEqualTo(120);
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }
}
