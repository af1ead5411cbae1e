package io.metastream.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.metastream.control.kafka.KafkaDecisionSink;
import io.metastream.domain.Topics;
import io.metastream.learning.adapt.AdapterLineage;
import io.metastream.learning.adapt.Readaptation;
import io.metastream.model.weights.BaseModel;
import io.metastream.store.ArtifactStore;
import io.metastream.testkit.KafkaTestContext;
import io.metastream.testkit.TestWaits;
import io.metastream.testkit.WithKafka;
import io.metastream.testkit.MetricNaming;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code readapt --follow} on a real broker: production moves, the registry follows, resumably. */
@WithKafka
class ReadaptFollowIT {
    private static final Map<String, String> SMALL = Map.of("rank", "2", "context_len", "12", "candidate_len", "12",
            "device", "cpu");
    private static final Duration WAIT = Duration.ofSeconds(240);

    @TempDir
    Path work;

    private static Path base(ArtifactStore store, String version, long seed) throws Exception {
        Path dir = store.path(version);
        try (NDManager manager = NDManager.newBaseManager()) {
            BaseModel.load("tiny", manager, seed, null).export(dir);
        }
        ArtifactStore.writeManifest(dir);
        return dir;
    }

    /** Versions v0001 and v0002 in the store, and a registry of {@code personas} adapted on v0001. */
    private Path registryOnV1(ArtifactStore store, String... personas) throws Exception {
        Path v1 = base(store, "v0001", 3);
        base(store, "v0002", 4);
        Path registry = work.resolve("registry");
        for (String persona : personas) {
            ReadaptCommandTest.adaptAndRegister(work, registry, persona, v1);
        }
        return registry;
    }

    /** What the control service writes on an accepted promotion. */
    private static void promote(KafkaTestContext kafka, Topics topics, String version) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.clientConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.productionPointer(), KafkaDecisionSink.POINTER_KEY,
                    version.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private ReadaptFollower follower(KafkaTestContext kafka, Topics topics, ArtifactStore store, Path registry,
            Path out) {
        Properties p = new Properties();
        p.putAll(kafka.clientConfig());
        return new ReadaptFollower(p, topics, store, registry, out, SMALL, Readaptation.Listener.NONE);
    }

    private static ReadaptFollower.Followed next(ReadaptFollower f, String what) {
        return TestWaits.awaitValue(WAIT, () -> {
            try {
                Optional<String> production = f.pollProduction(Duration.ofMillis(200));
                return production.isPresent() ? f.follow(production.get()) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, what);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void theRegistryFollowsProductionWithLineageAndAResumeRedoesNoFinishedPersona(KafkaTestContext kafka)
            throws Exception {
        ArtifactStore store = new ArtifactStore(work.resolve("store"));
        Path registry = registryOnV1(store, "p1", "p2");
        Path v1 = store.path("v0001");
        Path v2 = store.path("v0002");
        Topics topics = kafka.uniqueCatalogue("follow");
        Path out = work.resolve("out");
        promote(kafka, topics, "v0002");

        try (ReadaptFollower f = follower(kafka, topics, store, registry, out)) {
            ReadaptFollower.Followed done = next(f, "re-adaptation onto v0002");
            assertThat(done.version()).isEqualTo("v0002");
            assertThat(done.source()).isEqualTo(registry);
            assertThat(done.summary().readapted()).isEqualTo(2);
            assertThat(f.followed()).contains("v0002");
        }
        for (String persona : new String[] {"p1", "p2"}) {
            AdapterLineage l = AdapterLineage.read(out.resolve("v0002").resolve(persona)).orElseThrow();
            assertThat(l.newBaseDigest()).isEqualTo(ArtifactStore.verifyDirectory(v2));
            assertThat(l.oldBaseDigest()).isEqualTo(ArtifactStore.verifyDirectory(v1));
        }

        // as after a crash half-way: p2's new adapter and the completion mark are gone, p1's is there
        ArtifactStore.deleteDirectory(out.resolve("v0002").resolve("p2"));
        Files.delete(out.resolve(ReadaptFollower.FOLLOWED));
        try (ReadaptFollower f = follower(kafka, topics, store, registry, out)) {
            ReadaptFollower.Followed resumed = next(f, "resumed re-adaptation onto v0002");
            assertThat(resumed.summary().alreadyDone()).isEqualTo(1);
            assertThat(resumed.summary().readapted()).isEqualTo(1);
            assertThat(f.followed()).contains("v0002");
            // once complete, the same production is not re-adapted again
            assertThat(f.follow("v0002")).isEmpty();
        }
        // production moves on (a rollback to v0001): the complete v0002 registry is the source
        promote(kafka, topics, "v0001");
        try (ReadaptFollower f = follower(kafka, topics, store, registry, out)) {
            ReadaptFollower.Followed back = next(f, "re-adaptation onto v0001");
            assertThat(back.version()).isEqualTo("v0001");
            assertThat(back.source()).isEqualTo(out.resolve("v0002"));
            assertThat(back.summary().readapted()).isEqualTo(2);
            assertThat(AdapterLineage.read(out.resolve("v0001").resolve("p1")).orElseThrow().newBaseDigest())
                    .isEqualTo(ArtifactStore.verifyDirectory(v1));
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void theOpsEndpointIsReadyOnceThePointerIsReadAndItsFiguresMoveWithEachReadaptation(KafkaTestContext kafka)
            throws Exception {
        ArtifactStore store = new ArtifactStore(work.resolve("store"));
        Path registry = registryOnV1(store, "p1");
        Topics topics = kafka.uniqueCatalogue("ops");
        Properties client = new Properties();
        client.putAll(kafka.clientConfig());
        StringWriter err = new StringWriter();

        try (ReadaptService service = ReadaptService.start(client, topics, store, registry, work.resolve("out"), SMALL,
                "127.0.0.1", OptionalInt.of(0))) {
            Thread loop = new Thread(() -> {
                try {
                    service.run(f -> { }, new PrintWriter(err, true));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "readapt-service");
            loop.start();
            int port = service.metricsPort().orElseThrow();
            TestWaits.waitUntil(WAIT, () -> get(port, "/health/ready").statusCode() == 200, "ready: pointer read");
            String idle = get(port, "/metrics").body();
            assertThat(MetricNaming.violations(idle)).as("Prometheus naming rules").isEmpty();
            assertThat(value(idle, "metastream_readapt_runs_total", "outcome=\"complete\"")).isZero();
            assertThat(value(idle, "metastream_readapt_progress_ratio", "")).isNaN();
            assertThat(value(idle, "metastream_readapt_in_sync", "")).isNaN();

            promote(kafka, topics, "v0002");
            String after = TestWaits.awaitValue(WAIT, () -> java.util.Optional.of(get(port, "/metrics").body())
                    .filter(m -> value(m, "metastream_readapt_runs_total", "outcome=\"complete\"") == 1),
                    "a complete re-adaptation onto v0002 counted");
            assertThat(MetricNaming.violations(after)).as("Prometheus naming rules").isEmpty();
            assertThat(value(after, "metastream_readapt_personas", "status=\"readapted\"")).isEqualTo(1);
            assertThat(value(after, "metastream_readapt_personas", "status=\"skipped\"")).isZero();
            assertThat(value(after, "metastream_readapt_progress_ratio", "")).isEqualTo(1);
            assertThat(value(after, "metastream_readapt_hits1_ratio", "when=\"before\"")).isBetween(0.0, 1.0);
            assertThat(value(after, "metastream_readapt_hits1_ratio", "when=\"after\"")).isBetween(0.0, 1.0);
            assertThat(value(after, "metastream_readapt_followed_info", "version=\"v0002\"")).isEqualTo(1);
            assertThat(value(after, "metastream_readapt_in_sync", "")).isEqualTo(1);
            assertThat(value(after, "metastream_readapt_last_run_duration_seconds", "")).isPositive();

            // a production the store does not hold: counted as an error, the follower goes on
            promote(kafka, topics, "v0009");
            String failed = TestWaits.awaitValue(WAIT, () -> java.util.Optional.of(get(port, "/metrics").body())
                    .filter(m -> value(m, "metastream_readapt_runs_total", "outcome=\"error\"") == 1),
                    "the re-adaptation onto a missing base counted as an error");
            assertThat(value(failed, "metastream_readapt_in_sync", "")).isZero();
            assertThat(value(failed, "metastream_readapt_followed_info", "version=\"v0002\"")).isEqualTo(1);
            assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
            service.stop();
            loop.join(WAIT.toMillis());
            assertThat(loop.isAlive()).isFalse();
        }
        assertThat(err.toString()).contains("cannot re-adapt onto the new production");
    }

    private static HttpResponse<String> get(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + path)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The sample of {@code name} whose labels contain {@code label} (NaN as Double.NaN); fails when absent. */
    private static double value(String exposition, String name, String label) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)} (\\S+)$").matcher(exposition);
        while (m.find()) {
            if (m.group(1).contains(label)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no sample " + name + "{" + label + "} in the scrape");
    }
}
