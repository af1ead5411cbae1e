package io.metastream.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastream.control.client.ControlClient;
import io.metastream.control.client.PromotionRefusedException;
import io.metastream.control.kafka.LedgerTopics;
import io.metastream.domain.Checkpoint;
import io.metastream.domain.Evaluation;
import io.metastream.domain.PromotionDecision;
import io.metastream.domain.PromotionDecision.Action;
import io.metastream.domain.PromotionDecision.Outcome;
import io.metastream.domain.Topics;
import io.metastream.domain.serde.JsonSerde;
import io.metastream.runtime.TopicReader;
import io.metastream.store.ArtifactStore;
import io.metastream.testkit.MetricNaming;
import io.metastream.testkit.KafkaTestContext;
import io.metastream.testkit.TestWaits;
import io.metastream.testkit.WithKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control service against a real broker and a real artifact store. */
@WithKafka
class ControlServiceIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ALICE = "alice-token-0123456789";
    private static final String BOB = "bob-token-0123456789ab";

    @TempDir
    Path storeDir;

    private Map<String, String> env(KafkaTestContext kafka, Topics topics) {
        Map<String, String> env = new HashMap<>();
        env.put("METASTREAM_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("METASTREAM_TOPIC_PREFIX", topics.prefix());
        env.put("METASTREAM_ARTIFACT_DIR", storeDir.toString());
        env.put("METASTREAM_CONTROL_TOKENS", "alice=" + ALICE + ",bob=" + BOB);
        env.put("METASTREAM_CONTROL_HOST", "127.0.0.1");
        env.put("METASTREAM_CONTROL_PORT", "0");
        env.put("METASTREAM_METRICS_PORT", "0");
        env.put("METASTREAM_TRANSACTIONAL_ID", kafka.uniqueName("control-tx"));
        return env;
    }

    private static KafkaProducer<String, byte[]> producer(KafkaTestContext kafka) {
        return new KafkaProducer<>(kafka.clientConfig(), new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> p, Topics topics, Checkpoint c, Evaluation e) {
        p.send(new ProducerRecord<>(topics.checkpoints(), c.version(), JsonSerde.checkpoint().toBytes(c)));
        p.send(new ProducerRecord<>(topics.evaluations(), e.version(), JsonSerde.evaluation().toBytes(e)));
        p.flush();
    }

    private static Evaluation evaluation(Checkpoint c, double hits1, boolean passed) {
        return new Evaluation(c.version(), c.sha256(), Fixtures.EVAL_SET, hits1, 0.02, hits1, 0.05, Map.of(), null, null,
                passed, c.createdAt().plusSeconds(60), Fixtures.outcomes(hits1), java.util.List.of(), null);
    }

    private static Properties client(KafkaTestContext kafka) {
        Properties p = new Properties();
        p.putAll(kafka.clientConfig());
        return p;
    }

    /**
     * The ledger once it holds {@code size} entries. A commit returns before the broker has written the
     * transaction markers, so a read_committed reader may briefly lag: wait rather than read once.
     */
    private static List<PromotionDecision> ledger(KafkaTestContext kafka, Topics topics, int size) {
        List<PromotionDecision> entries = TestWaits.awaitValue(WAIT, () -> {
            List<PromotionDecision> read = TopicReader.readAll(client(kafka), topics.promotionLedger(), WAIT).stream()
                    .map(r -> JsonSerde.promotionDecision().fromBytes(r.value())).toList();
            return read.size() >= size ? Optional.of(read) : Optional.empty();
        }, "the ledger holds " + size + " entries");
        assertThat(entries).hasSize(size);
        return entries;
    }

    private static void awaitPointer(KafkaTestContext kafka, Topics topics, String version) {
        TestWaits.waitUntil(WAIT, () -> LedgerTopics.pointer(client(kafka), topics, WAIT).equals(Optional.of(version)),
                "the production pointer names " + version);
    }

    private String marker() throws Exception {
        return Files.readString(storeDir.resolve("PRODUCTION"), StandardCharsets.UTF_8);
    }

    @Test
    void promotesRefusesForcesRollsBackAndRestoresAfterARestart(KafkaTestContext kafka) throws Exception {
        Topics topics = kafka.uniqueCatalogue("control");
        ArtifactStore store = new ArtifactStore(storeDir);
        Checkpoint v1 = StoreArtifactsTest.publish(store, "v1");
        Checkpoint v2 = StoreArtifactsTest.publish(store, "v2");
        Checkpoint v3 = StoreArtifactsTest.publish(store, "v3");
        try (KafkaProducer<String, byte[]> p = producer(kafka)) {
            send(p, topics, v1, evaluation(v1, 0.30, true));
            send(p, topics, v2, evaluation(v2, 0.20, false));
        }

        try (ControlApp app = ControlApp.run(env(kafka, topics))) {
            ControlClient alice = new ControlClient(URI.create("http://127.0.0.1:" + app.apiPort()), ALICE);
            ControlClient bob = new ControlClient(URI.create("http://127.0.0.1:" + app.apiPort()), BOB);
            assertThat(app.state().checkpoints()).hasSize(2); // caught up before serving

            PromotionDecision first = alice.promote("v1", "first base", false);
            assertThat(first.outcome()).isEqualTo(Outcome.ACCEPTED);
            assertThat(ledger(kafka, topics, 1)).containsExactly(first);
            awaitPointer(kafka, topics, "v1");
            assertThat(marker()).isEqualTo("v1\n");
            assertThat(first.artifactSha256()).isEqualTo(v1.sha256());
            assertThat(first.evaluationDigest()).isEqualTo(evaluation(v1, 0.30, true).digest());

            assertThatThrownBy(() -> bob.promote("v2", "looks fine", false)).isInstanceOf(PromotionRefusedException.class)
                    .hasMessageContaining("does not exceed the margin");
            List<PromotionDecision> afterRefusal = ledger(kafka, topics, 2);
            assertThat(afterRefusal.get(1).outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(afterRefusal.get(1).actor()).isEqualTo("bob");
            assertThat(afterRefusal.get(1).previousVersion()).isEqualTo("v1");
            awaitPointer(kafka, topics, "v1");
            assertThat(marker()).isEqualTo("v1\n");

            PromotionDecision forced = bob.promote("v2", "evaluator bug #12, v2 verified by hand", true);
            assertThat(forced.outcome()).isEqualTo(Outcome.ACCEPTED);
            assertThat(forced.forced()).isTrue();
            awaitPointer(kafka, topics, "v2");
            assertThat(marker()).isEqualTo("v2\n");

            // an event arriving while the service runs is followed
            try (KafkaProducer<String, byte[]> p = producer(kafka)) {
                send(p, topics, v3, evaluation(v3, 0.40, true));
            }
            TestWaits.waitUntil(WAIT, () -> app.state().latestEvaluation("v3").isPresent(), "v3's evaluation is seen");
            assertThat(alice.promote("v3", "beats v2 by 0.2", false).outcome()).isEqualTo(Outcome.ACCEPTED);

            PromotionDecision back = alice.rollback("v3 misbehaves in serving");
            assertThat(back.action()).isEqualTo(Action.ROLLBACK);
            assertThat(back.version()).isEqualTo("v2");
            assertThat(back.previousVersion()).isEqualTo("v3");
            awaitPointer(kafka, topics, "v2");
            assertThat(marker()).isEqualTo("v2\n");
            assertThat(app.metrics().decisionCount(Action.PROMOTE, Outcome.ACCEPTED, true)).isEqualTo(1.0);
            assertThat(app.metrics().decisionCount(Action.PROMOTE, Outcome.REFUSED, false)).isEqualTo(1.0);
            assertThat(app.metrics().refusalCount(Refusal.BELOW_MARGIN)).isEqualTo(1.0);
            assertThat(scrape(app.metricsPort())).contains("metastream_control_decisions_total{")
                    .contains("action=\"rollback\"")
                    .containsPattern("kafka_consumer_fetch_manager_records_consumed_total\\{client_id=\"control-tx[^\"]*-upstream\"")
                    .contains("metastream_control_refusals_total{reason=\"not_passed\"")
                    .containsPattern("kafka_producer_record_send_total\\{client_id=\"[^\"]*-ledger\"");
        }

        Files.writeString(storeDir.resolve("PRODUCTION"), "v3\n"); // as if a crash left the marker behind
        try (ControlApp restarted = ControlApp.run(env(kafka, topics))) {
            ControlClient alice = new ControlClient(URI.create("http://127.0.0.1:" + restarted.apiPort()), ALICE);
            StatusView status = alice.status();
            assertThat(status.production()).isEqualTo("v2");
            assertThat(status.previousProduction()).isEqualTo("v1");
            assertThat(status.versions()).extracting(StatusView.VersionRow::version).containsExactly("v1", "v2", "v3");
            assertThat(restarted.state().ledger()).hasSize(5);
            assertThat(marker()).isEqualTo("v2\n"); // repaired from the ledger on start
            assertThat(restarted.ready()).isTrue();
            assertThat(get(restarted.metricsPort(), "/health/ready").statusCode()).isEqualTo(200);

            assertThat(alice.rollback("back to the first base").version()).isEqualTo("v1");
            assertThat(marker()).isEqualTo("v1\n");
        }
        ledger(kafka, topics, 6);
    }

    @Test
    void skipsInvalidUpstreamRecordsAndRefusesACorruptArtifact(KafkaTestContext kafka) throws Exception {
        Topics topics = kafka.uniqueCatalogue("control-bad");
        ArtifactStore store = new ArtifactStore(storeDir);
        Checkpoint v1 = StoreArtifactsTest.publish(store, "v1");
        try (KafkaProducer<String, byte[]> p = producer(kafka)) {
            p.send(new ProducerRecord<>(topics.evaluations(), "v1", "{not json".getBytes(StandardCharsets.UTF_8)));
            p.send(new ProducerRecord<>(topics.checkpoints(), "v0", "{\"version\":\"v0\"}".getBytes(StandardCharsets.UTF_8)));
            send(p, topics, v1, evaluation(v1, 0.30, true));
        }
        Files.write(store.path("v1").resolve(ArtifactStore.MODEL_FILE), "tampered".getBytes(StandardCharsets.UTF_8));

        try (ControlApp app = ControlApp.run(env(kafka, topics))) {
            assertThat(app.state().checkpoints()).extracting(Checkpoint::version).containsExactly("v1");
            assertThat(scrape(app.metricsPort()))
                    .containsPattern("metastream_control_invalid_records_total\\{[^}]*topic=\"evaluations\"[^}]*} 1\\.0")
                    .containsPattern("metastream_control_invalid_records_total\\{[^}]*topic=\"checkpoints\"[^}]*} 1\\.0");

            ControlClient alice = new ControlClient(URI.create("http://127.0.0.1:" + app.apiPort()), ALICE);
            assertThatThrownBy(() -> alice.promote("v1", "first", true)).isInstanceOf(PromotionRefusedException.class)
                    .hasMessageContaining("failed verification");
            assertThat(Files.exists(storeDir.resolve("PRODUCTION"))).isFalse();
            assertThat(ledger(kafka, topics, 1)).singleElement()
                    .satisfies(d -> assertThat(d.outcome()).isEqualTo(Outcome.REFUSED));
        }
    }

    @Test
    void aSecondInstanceFencesTheFirstSoTheLedgerHasOneWriter(KafkaTestContext kafka) throws Exception {
        Topics topics = kafka.uniqueCatalogue("control-fence");
        Checkpoint v1 = StoreArtifactsTest.publish(new ArtifactStore(storeDir), "v1");
        try (KafkaProducer<String, byte[]> p = producer(kafka)) {
            send(p, topics, v1, evaluation(v1, 0.30, true));
        }
        Map<String, String> env = env(kafka, topics);

        try (ControlApp first = ControlApp.run(env); ControlApp second = ControlApp.run(env)) {
            ControlClient viaFirst = new ControlClient(URI.create("http://127.0.0.1:" + first.apiPort()), ALICE);
            assertThatThrownBy(() -> viaFirst.promote("v1", "first base", false))
                    .isInstanceOf(io.metastream.control.client.ControlClientException.class)
                    .satisfies(e -> assertThat(((io.metastream.control.client.ControlClientException) e).status())
                            .isEqualTo(503));
            assertThat(first.ready()).isFalse();
            assertThat(get(first.metricsPort(), "/health/live").statusCode()).isEqualTo(503); // restart me

            ControlClient viaSecond = new ControlClient(URI.create("http://127.0.0.1:" + second.apiPort()), ALICE);
            assertThat(viaSecond.promote("v1", "first base", false).outcome()).isEqualTo(Outcome.ACCEPTED);
            assertThat(ledger(kafka, topics, 1)).singleElement().satisfies(d -> assertThat(d.version()).isEqualTo("v1"));
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> r = get(port, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(MetricNaming.violations(r.body())).as("Prometheus naming rules").isEmpty();
        return r.body();
    }
}
