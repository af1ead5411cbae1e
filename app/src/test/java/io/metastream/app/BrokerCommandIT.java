package io.metastream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.metastream.domain.Topics;
import io.metastream.testkit.TestWaits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerCommandIT {

    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path dataDir;

    @Test
    void runsUntilStoppedCreatesTheCatalogueAndRestartsOnItsData() throws Exception {
        String first = runAndStop();
        String second = runAndStop();

        assertThat(first).contains("Kafka broker ready: bootstrap localhost:")
                .contains("new data dir")
                .contains(Topics.DEFAULT.conversations())
                .contains(Topics.DEFAULT.personaTasks())
                .contains("Stopping the broker");
        assertThat(second).contains("existing data dir").contains(Topics.DEFAULT.promotionLedger());
    }

    /** Starts {@code metastream broker} on a thread, waits until ready, interrupts it (as Ctrl-C would stop it). */
    private String runAndStop() throws InterruptedException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread thread = new Thread(() -> exit.set(Metastream.newCommandLine(new PrintWriter(out, true),
                new PrintWriter(err, true)).execute("broker", "--port", "0", "--data-dir", dataDir.toString())));
        thread.start();
        TestWaits.waitUntil(START, () -> out.toString().contains("Press Ctrl-C") || !thread.isAlive(),
                "the broker command reports ready");
        thread.interrupt();
        thread.join(START.toMillis());
        assertThat(thread.isAlive()).as("broker command still running").isFalse();
        assertThat(exit.get()).as(err.toString()).isZero();
        return out.toString();
    }
}
