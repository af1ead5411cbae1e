package io.metastream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceCommandsTest {
    @Test
    void aServiceThatStopsOnAFatalErrorExitsNonZeroAndSaysWhyInOneLine() throws Exception {
        StringWriter err = new StringWriter();
        int code = ServiceCommands.serve("trainer", () -> { }, () -> { },
                () -> Optional.of(new IllegalStateException("producer fenced\nby a newer instance")),
                new PrintWriter(err, true));

        assertThat(code).isEqualTo(CliErrors.EXIT_FAILURE);
        assertThat(err.toString().strip()).isEqualTo(
                "metastream: trainer stopped on a fatal error: producer fenced by a newer instance");
    }

    @Test
    void aServiceStoppedOnRequestExitsZero() throws Exception {
        StringWriter err = new StringWriter();
        assertThat(ServiceCommands.serve("control", () -> { }, () -> { }, Optional::empty, new PrintWriter(err, true)))
                .isZero();
        assertThat(err.toString()).isEmpty();
    }
}
