package io.metastream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class CliErrorsTest {

    @Test
    void describesWithTheFirstMessageInTheCauseChainOnOneLine() {
        var ex = new RuntimeException(null, new IllegalStateException("disk full\n  at /var/data"));

        assertThat(CliErrors.describe(ex)).isEqualTo("disk full at /var/data");
    }

    @Test
    void addsTheRootCauseWhenTheOuterMessageIsAWrapper() {
        var ex = new RuntimeException("Failed to create new KafkaAdminClient",
                new IllegalArgumentException("request.timeout.ms too large"));

        assertThat(CliErrors.describe(ex))
                .isEqualTo("Failed to create new KafkaAdminClient: request.timeout.ms too large");
    }

    @Test
    void fallsBackToTheExceptionTypeWithoutAnyMessage() {
        assertThat(CliErrors.describe(new NullPointerException())).isEqualTo("NullPointerException");
    }

    @Test
    void failureWhileRunningIsOneLineWithoutStackTraceUnlessVerbose() {
        String quiet = runFailing(false);
        String verbose = runFailing(true);

        assertThat(quiet).startsWith("metastream: the file is not there").doesNotContain("\tat ");
        assertThat(quiet.lines().filter(l -> l.startsWith("metastream:")).count()).isEqualTo(1);
        assertThat(verbose).startsWith("metastream: the file is not there").contains("\tat ");
    }

    private static String runFailing(boolean verbose) {
        Metastream root = new Metastream();
        CommandLine cli = new CommandLine(root).addSubcommand(new Failing());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        CliErrors errors = new CliErrors();
        cli.setExecutionExceptionHandler(errors).setParameterExceptionHandler(errors);

        int code = verbose ? cli.execute("--verbose", "fail") : cli.execute("fail");

        assertThat(code).isEqualTo(CliErrors.EXIT_FAILURE);
        return err.toString();
    }

    @Command(name = "fail")
    static final class Failing implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException("the file is not there");
        }
    }
}
