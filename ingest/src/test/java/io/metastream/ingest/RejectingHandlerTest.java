package io.metastream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.RejectReason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RejectingHandlerTest {
    @TempDir
    Path stateDir;

    @Test
    void aProcessorThatThrowsDeadLettersTheRecordWithAReasonAndTheStreamGoesOn() {
        StreamsBuilder b = new StreamsBuilder();
        b.stream("in", Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .mapValues(v -> {
                    if (new String(v, StandardCharsets.UTF_8).startsWith("boom")) {
                        throw new IllegalStateException("a bug met " + new String(v, StandardCharsets.UTF_8));
                    }
                    return v;
                })
                .to("out", Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "handler-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, RejectingHandler.class.getName());
        p.put(RejectingHandler.REJECTED_TOPIC_CONFIG, "rejected");
        try (TopologyTestDriver driver = new TopologyTestDriver(b.build(), p)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic("in", Serdes.ByteArray().serializer(),
                    Serdes.ByteArray().serializer());
            TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic("out", Serdes.ByteArray().deserializer(),
                    Serdes.ByteArray().deserializer());
            TestOutputTopic<byte[], byte[]> rejected = driver.createOutputTopic("rejected",
                    Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
            in.pipeInput("k".getBytes(StandardCharsets.UTF_8), "ok 1".getBytes(StandardCharsets.UTF_8));
            in.pipeInput("k".getBytes(StandardCharsets.UTF_8), "boom\nforged".getBytes(StandardCharsets.UTF_8));
            in.pipeInput("k".getBytes(StandardCharsets.UTF_8), "ok 2".getBytes(StandardCharsets.UTF_8));

            assertThat(out.readValuesToList()).extracting(v -> new String(v, StandardCharsets.UTF_8))
                    .containsExactly("ok 1", "ok 2");
            TestRecord<byte[], byte[]> dead = rejected.readRecord();
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("boom\nforged");
            assertThat(header(dead, RejectReason.HEADER)).isEqualTo("PROCESSING_FAILED");
            assertThat(header(dead, RejectReason.DETAIL_HEADER)).contains("IllegalStateException").doesNotContain("\n");
            assertThat(header(dead, RejectingHandler.SOURCE_HEADER)).isEqualTo("in/0/1");
            assertThat(rejected.isEmpty()).isTrue();
        }
    }

    @Test
    void reasonsFollowTheCause() {
        assertThat(RejectingHandler.reasonOf(new RuntimeException(new RecordTooLargeException("big"))))
                .isEqualTo(RejectReason.TOO_LARGE);
        assertThat(RejectingHandler.reasonOf(new org.apache.kafka.common.errors.SerializationException("x",
                new io.metastream.domain.DomainValidationException(RejectReason.MALFORMED_TEXT, "lone"))))
                .isEqualTo(RejectReason.MALFORMED_TEXT);
        assertThat(RejectingHandler.reasonOf(new NullPointerException())).isEqualTo(RejectReason.PROCESSING_FAILED);
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
