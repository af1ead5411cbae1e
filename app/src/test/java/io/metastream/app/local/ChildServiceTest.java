package io.metastream.app.local;

import static io.metastream.testkit.TestWaits.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A child command configured by its arguments ({@code readapt --follow ...}) gets them, on restart too. */
class ChildServiceTest {
    private static final Duration EXIT = Duration.ofMinutes(2);

    @TempDir
    Path logs;

    @Test
    void passesTheSubcommandsArgumentsAndPassesThemAgainOnRestart() throws Exception {
        try (ChildService child = ChildService.start("readapt-help", "readapt", List.of("--help"), Map.of(), logs,
                List.of())) {
            waitUntil(EXIT, () -> !child.alive(), "metastream readapt --help to exit");
            child.restart();
            waitUntil(EXIT, () -> !child.alive(), "metastream readapt --help to exit again");
        }

        String log = Files.readString(logs.resolve("readapt-help.log"), StandardCharsets.UTF_8);
        assertThat(log.split("Usage: metastream readapt", -1)).as(log).hasSize(3);
    }
}
