package io.metastream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricNamingTest {

    private static String counter(String base, String labels) {
        return "# TYPE " + base + " counter\n" + base + "_total{" + labels + "} 1.0\n";
    }

    private static String gauge(String name, String labels) {
        return "# TYPE " + name + " gauge\n" + name + "{" + labels + "} 0.5\n";
    }

    @Test
    void acceptsConventionalNames() {
        String scrape = counter("metastream_trainer_tasks_consumed", "result=\"added\",service=\"trainer\"")
                + gauge("metastream_evaluator_last_hits1_ratio", "service=\"evaluator\"")
                + "# TYPE metastream_trainer_round_duration_seconds summary\n"
                + "metastream_trainer_round_duration_seconds_count{service=\"trainer\"} 1.0\n"
                + "metastream_trainer_round_duration_seconds_sum{service=\"trainer\"} 2.5\n"
                + gauge("metastream_trainer_round_duration_seconds_max", "service=\"trainer\"")
                + gauge("jvm_threads_live_threads", "service=\"trainer\"")
                + gauge("jvm_buffer_total_capacity_bytes", "id=\"direct\"")
                + gauge("jvm_memory_used_bytes", "area=\"heap\",id=\"G1 Eden Space\"")
                + counter("kafka_consumer_fetch_manager_records_consumed",
                        "client_id=\"metastream-trainer-tasks\",topic=\"t\"");
        assertThat(MetricNaming.violations(scrape)).isEmpty();
    }

    @Test
    void flagsEachOfTheOldNames() {
        assertThat(MetricNaming.violations(counter("metastream_trainer_tasks_consumed_tasks", "")))
                .singleElement().asString().contains("repeated");
        assertThat(MetricNaming.violations(counter("metastream_trainer_rounds_rounds", "")))
                .anySatisfy(v -> assertThat(v).contains("twice in a row"));
        assertThat(MetricNaming.violations(gauge("metastream_evaluator_last_hits1", "")))
                .singleElement().asString().contains("_ratio");
        assertThat(MetricNaming.violations(counter("metastream_ingest_rejected_records",
                "reason=\"BLANK_TEXT\""))).singleElement().asString().contains("lower case");
        assertThat(MetricNaming.violations(gauge("kafka_stream_thread_process_rate",
                "thread_id=\"app-0b6f4c1e-2a47-4a8e-9a53-1e9f0c3d2b7a-StreamThread-1\","
                        + "kafka_version=\"4.1.0\"")))
                .hasSize(3);
        assertThat(MetricNaming.violations("# TYPE x gauge\nx_total 1\n")).singleElement().asString()
                .contains("only counters");
        assertThat(MetricNaming.violations(counter("kafka_producer_record_send_total", "")))
                .singleElement().asString().contains("more than once");
        assertThat(MetricNaming.violations(gauge("request_latency_ms", ""))).singleElement().asString()
                .contains("base unit");
    }
}
