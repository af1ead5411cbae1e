package io.metastream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.Topics;
import io.metastream.broker.BrokerConfig;
import io.metastream.broker.LocalBroker;
import io.metastream.testkit.TestWaits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness follows the broker: a broker that goes away makes ingest not ready. The test stops its broker, so
 * it starts its own rather than share the JVM-wide one of {@code @WithKafka}.
 */
@Timeout(180)
class IngestReadinessIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path stateDir;

    @Test
    void readyOnlyWhileTheBrokerAnswers(@TempDir Path brokerDir) throws Exception {
        LocalBroker broker = LocalBroker.start(BrokerConfig.of(brokerDir));
        Topics topics = new Topics("ready.");
        for (String t : topics.all()) {
            broker.createTopic(t, 1, topics.compacted().contains(t));
        }
        Map<String, String> env = new HashMap<>();
        env.put(IngestConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        env.put(IngestConfig.APPLICATION_ID, "ingest-ready");
        env.put(IngestConfig.TOPIC_PREFIX, topics.prefix());
        env.put(IngestConfig.REPLICATION_FACTOR, "1");
        env.put(IngestConfig.METRICS_PORT, "0");
        env.put(IngestConfig.STATE_DIR, stateDir.toString());
        try (broker; IngestApp.Running app = IngestApp.run(env)) {
            TestWaits.waitUntil(WAIT, () -> status(app) == 200, "ingest becomes ready");
            broker.close();
            TestWaits.waitUntil(WAIT, () -> status(app) == 503, "ingest is not ready without its broker");
        }
    }

    private static int status(IngestApp.Running app) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.opsPort() + "/health/ready")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
