package io.metastream.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.testkit.KafkaTestContext;
import io.metastream.testkit.TestWaits;
import io.metastream.testkit.WithKafka;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@WithKafka
@Timeout(120)
class ReadinessIT {
    private static Properties client(String servers) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
        return p;
    }

    @Test
    void readyWhenTheClusterAnswers(KafkaTestContext kafka) {
        try (Readiness r = Readiness.kafka(client(kafka.bootstrapServers()), "readiness-test",
                Duration.ofMillis(200), Duration.ofSeconds(2))) {
            TestWaits.waitUntil(Duration.ofSeconds(30), r::kafkaReachable, "the cluster is reachable");
        }
    }

    @Test
    void notReadyWhenNoBrokerListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free once closed: nothing listens there
        }
        Readiness r = Readiness.kafka(client("127.0.0.1:" + port), "readiness-test-down", Duration.ofMillis(200),
                Duration.ofMillis(500));
        try (r) {
            TestWaits.waitUntil(Duration.ofSeconds(10), () -> checked(r), "a check ran");
            assertThat(r.kafkaReachable()).isFalse();
        }
    }

    private static boolean checked(Readiness r) {
        return r.checks() >= 2;
    }

    @Test
    void aStoreDirectoryIsReadyOnlyWhileItExists(@TempDir Path root) throws Exception {
        Path dir = root.resolve("artifacts");
        Files.createDirectories(dir);
        assertThat(Readiness.writableDirectory(dir).getAsBoolean()).isTrue();
        Files.delete(dir);
        assertThat(Readiness.writableDirectory(dir).getAsBoolean()).isFalse();
        assertThat(Readiness.readableDirectory(dir).getAsBoolean()).isFalse();
    }
}
