package io.metastream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class MetastreamCliTest {

    @Test
    void printsTheVersionFromTheBuild() {
        CliRunner result = CliRunner.run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("metastream ").doesNotContain("${").doesNotContain("unknown");
    }

    @Test
    void helpListsTheSubcommands() {
        CliRunner result = CliRunner.run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: metastream", "broker");
    }

    @Test
    void everySubcommandHasHelp() {
        for (String command : Metastream.newCommandLine().getSubcommands().keySet()) {
            if (command.equals("help")) {
                continue;
            }
            CliRunner result = CliRunner.run(command, "--help");
            assertThat(result.exitCode()).as(command).isZero();
            assertThat(result.out()).as(command).contains("Usage: metastream " + command);
        }
    }

    /** Picocli formats help text with String.format: a lone '%' makes it warn and print the text unformatted. */
    @Test
    void everyHelpTextIsAValidFormatString() {
        java.util.Deque<picocli.CommandLine> todo = new java.util.ArrayDeque<>(List.of(Metastream.newCommandLine()));
        while (!todo.isEmpty()) {
            picocli.CommandLine.Model.CommandSpec spec = todo.pop().getCommandSpec();
            List<String> texts = new java.util.ArrayList<>();
            texts.addAll(List.of(spec.usageMessage().description()));
            texts.addAll(List.of(spec.usageMessage().header()));
            texts.addAll(List.of(spec.usageMessage().footer()));
            spec.options().forEach(o -> texts.addAll(List.of(o.description())));
            spec.positionalParameters().forEach(p -> texts.addAll(List.of(p.description())));
            for (String text : texts) {
                assertThatCode(() -> String.format(Locale.ROOT, text)).as("%s: %s", spec.qualifiedName(), text)
                        .doesNotThrowAnyException();
            }
            todo.addAll(spec.commandLine().getSubcommands().values());
        }
    }

    @Test
    void unknownCommandIsOneClearLineAndAHintWithExitCodeTwo() {
        CliRunner result = CliRunner.run("frobnicate");

        assertThat(result.exitCode()).isEqualTo(CliErrors.EXIT_USAGE);
        assertThat(result.err()).startsWith("metastream: ").contains("frobnicate").contains("--help");
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void badOptionValueNamesTheOption() {
        CliRunner result = CliRunner.run("broker", "--port", "ninety");

        assertThat(result.exitCode()).isEqualTo(CliErrors.EXIT_USAGE);
        assertThat(result.err()).startsWith("metastream: ").contains("--port")
                .contains("metastream broker --help");
    }

    @Test
    void aBadOrUnavailableDeviceIsOneUsageErrorNamingTheOption() {
        CliRunner bad = CliRunner.run("bench", "model", "--device", "tpu");
        assertThat(bad.exitCode()).isEqualTo(CliErrors.EXIT_USAGE);
        assertThat(bad.err()).startsWith("metastream: ").contains("--device=tpu").contains("auto, cpu, gpu");

        if (ai.djl.engine.Engine.getInstance().getGpuCount() == 0) {
            CliRunner gpu = CliRunner.run("bench", "model", "--device", "gpu");
            assertThat(gpu.exitCode()).isEqualTo(CliErrors.EXIT_USAGE);
            assertThat(gpu.err()).contains("--device=gpu").contains("0 GPU(s)");
        }
    }

    @Test
    void optionCheckedAfterParsingReadsLikeAParseError() {
        CliRunner result = CliRunner.run("broker", "--partitions", "0");

        assertThat(result.exitCode()).isEqualTo(CliErrors.EXIT_USAGE);
        assertThat(result.err()).startsWith("metastream: ").contains("--partitions").contains("at least 1");
        assertThat(result.errLines()).isEqualTo(2);
    }

    @Test
    void noCommandPrintsUsage() {
        CliRunner result = CliRunner.run();

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Commands:");
    }
}
