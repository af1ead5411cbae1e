package io.metastream.trainer;

import static io.metastream.trainer.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.PersonaTask;
import io.metastream.domain.Topics;
import io.metastream.domain.serde.JsonSerde;
import io.metastream.testkit.MetricNaming;
import io.metastream.testkit.KafkaTestContext;
import io.metastream.testkit.TestWaits;
import io.metastream.testkit.WithKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithKafka
class TrainerAppIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void runsFromEnvironmentServesMetricsAndClosesGracefully(KafkaTestContext kafka, @TempDir Path artifacts)
            throws Exception {
        Topics topics = kafka.uniqueCatalogue("trainer-app");
        Map<String, String> env = Map.of(
                "METASTREAM_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "METASTREAM_TOPIC_PREFIX", topics.prefix(),
                "METASTREAM_ARTIFACT_DIR", artifacts.toString(), "METASTREAM_ROUND_EVERY_TASKS", "2",
                "METASTREAM_METRICS_PORT", "0", "METASTREAM_TRAINER_GROUP_ID", kafka.uniqueName("trainer-app"),
                "METASTREAM_TRANSACTIONAL_ID", kafka.uniqueName("trainer-app-tx"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.clientConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            for (PersonaTask t : List.of(task("a", 0), task("b", 0))) {
                producer.send(new ProducerRecord<>(topics.personaTasks(), t.taskId(), JsonSerde.personaTask().toBytes(t)));
            }
        }

        TrainerApp app = TrainerApp.run(env, TinyRetrainer.converging());
        try {
            TestWaits.waitUntil(Duration.ofSeconds(60), () -> app.lastVersion().isPresent(), "a checkpoint is published");
            TestWaits.waitUntil(Duration.ofSeconds(30), () -> get(app, "/health/ready").statusCode() == 200,
                    "ready: Kafka answers and the store is writable");
            Path moved = artifacts.resolveSibling(artifacts.getFileName() + "-moved");
            Files.move(artifacts, moved); // the store volume is gone
            assertThat(get(app, "/health/ready").statusCode()).isEqualTo(503);
            Files.move(moved, artifacts);
            assertThat(get(app, "/health/ready").statusCode()).isEqualTo(200);
            String metrics = get(app, "/metrics").body();
            assertThat(metrics).contains("metastream_trainer_rounds_total{outcome=\"published\",service=\"trainer\"} 1.0")
                    .contains("metastream_trainer_round_duration_seconds_count")
                    .contains("metastream_trainer_pool_size_tasks")
                    .contains("metastream_trainer_tasks_consumed_total{result=\"added\",service=\"trainer\"} 2.0")
                    .contains("metastream_trainer_last_loss")
                    .containsPattern("kafka_consumer_fetch_manager_records_consumed_total\\{client_id=\"[^\"]*-tasks\"")
                    .containsPattern("kafka_producer_record_send_total\\{client_id=\"[^\"]*-checkpoints\"");
            assertThat(MetricNaming.violations(metrics)).as("Prometheus naming rules").isEmpty();
        } finally {
            app.close();
        }
        assertThat(app.failure()).isEmpty();
        assertThat(app.lastVersion()).contains("v0001");
    }

    private HttpResponse<String> get(TrainerApp app, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.metricsPort() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
