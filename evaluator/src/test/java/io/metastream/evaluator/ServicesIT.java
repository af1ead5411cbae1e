package io.metastream.evaluator;

import static io.metastream.evaluator.HeldOut.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.Evaluation;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.Split;
import io.metastream.domain.Topics;
import io.metastream.domain.serde.JsonSerde;
import io.metastream.learning.api.RetrainResult;
import io.metastream.runtime.TopicReader;
import io.metastream.testkit.KafkaTestContext;
import io.metastream.testkit.MetricNaming;
import io.metastream.testkit.TestWaits;
import io.metastream.testkit.WithKafka;
import io.metastream.trainer.TrainerApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both service shells from their environment maps, as the CLI and Kubernetes start them. */
@WithKafka
class ServicesIT {
    @Test
    void trainerAndEvaluatorAppsTurnTasksIntoAnEvaluation(KafkaTestContext kafka, @TempDir Path artifacts)
            throws Exception {
        Topics topics = kafka.uniqueCatalogue("services");
        Map<String, String> common = Map.of("METASTREAM_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "METASTREAM_TOPIC_PREFIX", topics.prefix(), "METASTREAM_ARTIFACT_DIR", artifacts.toString(),
                "METASTREAM_METRICS_PORT", "0");
        Map<String, String> trainerEnv = new HashMap<>(common);
        trainerEnv.put("METASTREAM_ROUND_EVERY_TASKS", "2");
        trainerEnv.put("METASTREAM_TRANSACTIONAL_ID", kafka.uniqueName("svc-trainer"));
        trainerEnv.put("METASTREAM_TRAINER_GROUP_ID", kafka.uniqueName("svc-trainer"));
        Map<String, String> evaluatorEnv = new HashMap<>(common);
        evaluatorEnv.put("METASTREAM_EVAL_PERSONAS", "2");
        evaluatorEnv.put("METASTREAM_EVAL_SEEDS", "2");
        evaluatorEnv.put("METASTREAM_LEARN_STEPS", "3");
        evaluatorEnv.put("METASTREAM_TRANSACTIONAL_ID", kafka.uniqueName("svc-evaluator"));
        evaluatorEnv.put("METASTREAM_EVALUATOR_GROUP_ID", kafka.uniqueName("svc-evaluator"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.clientConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            for (PersonaTask t : List.of(task("h1", 0), task("t1", 0, Split.TRAIN), task("h2", 0),
                    task("t2", 0, Split.TRAIN))) {
                String topic = t.split() == Split.TRAIN ? topics.personaTasks() : topics.heldOutTasks();
                producer.send(new ProducerRecord<>(topic, t.taskId(), JsonSerde.personaTask().toBytes(t)));
            }
        }
        TinyEvaluator core = new TinyEvaluator(v -> 0.4);
        Properties client = new Properties();
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());

        try (TrainerApp trainer = TrainerApp.run(trainerEnv, request -> {
            Files.writeString(request.outputDir().resolve("model.safetensors"), "w" + request.tasks().size());
            return new RetrainResult(0.3, 1, Map.of());
        }); EvaluatorApp evaluator = EvaluatorApp.run(evaluatorEnv, core)) {
            Evaluation e = TestWaits.awaitValue(Duration.ofSeconds(90), () -> TopicReader.readAll(client,
                    topics.evaluations(), Duration.ofSeconds(30)).stream().findFirst()
                    .map(r -> JsonSerde.evaluation().fromBytes(r.value())), "an evaluation is published");
            assertThat(e.version()).isEqualTo("v0001");
            assertThat(e.passed()).isTrue();
            assertThat(evaluator.ready()).isTrue();
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + evaluator.metricsPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body())
                    .contains("metastream_evaluator_checkpoints_total{outcome=\"passed\",service=\"evaluator\"} 1.0")
                    .contains("metastream_evaluator_evalset_personas{service=\"evaluator\"} 2.0")
                    .contains("metastream_evaluator_evaluation_duration_seconds_count")
                    .containsPattern("kafka_consumer_fetch_manager_records_consumed_total\\{client_id=\"[^\"]*-in\"")
                    .containsPattern("kafka_producer_record_send_total\\{client_id=\"[^\"]*-evaluations\"")
                    .contains("metastream_evaluator_last_hits1_ratio{service=\"evaluator\"}")
                    .contains("metastream_evaluator_portability_ported_hits1_ratio{service=\"evaluator\"} NaN")
                    .contains("metastream_evaluator_portability_negative_flips_ratio{service=\"evaluator\"} NaN")
                    .contains("metastream_evaluator_portability_personas{service=\"evaluator\",verdict=\"re_adapt\"}");
            assertThat(MetricNaming.violations(metrics.body())).as("Prometheus naming rules").isEmpty();
            String trainerMetrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + trainer.metricsPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(trainerMetrics).contains("metastream_trainer_tasks_consumed_total{");
            assertThat(MetricNaming.violations(trainerMetrics)).as("Prometheus naming rules").isEmpty();
            assertThat(trainer.failure()).isEmpty();
            assertThat(evaluator.failure()).isEmpty();
        }
        assertThat(core.requests).singleElement().satisfies(r -> {
            assertThat(r.seeds()).containsExactly(42L, 43L);
            assertThat(r.options()).containsEntry("steps", "3");
            assertThat(r.baseDir()).isEqualTo(artifacts.toAbsolutePath().resolve("v0001"));
        });
    }
}
