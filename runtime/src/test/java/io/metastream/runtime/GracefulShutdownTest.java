package io.metastream.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {

    @Test
    void closesInReverseOrderExactlyOnce() {
        List<String> closed = new ArrayList<>();
        GracefulShutdown shutdown = new GracefulShutdown();
        shutdown.register("first", () -> closed.add("first"));
        shutdown.register("second", () -> closed.add("second"));
        shutdown.register("third", () -> closed.add("third"));

        shutdown.close();
        shutdown.close();

        assertThat(closed).containsExactly("third", "second", "first");
        assertThat(shutdown.isClosed()).isTrue();
    }

    @Test
    void aFailingCloseDoesNotStopTheOthers() {
        List<String> closed = new ArrayList<>();
        GracefulShutdown shutdown = new GracefulShutdown();
        shutdown.register("a", () -> closed.add("a"));
        shutdown.register("broken", () -> {
            throw new IllegalStateException("cannot close");
        });
        shutdown.register("c", () -> closed.add("c"));

        shutdown.close();

        assertThat(closed).containsExactly("c", "a");
    }

    @Test
    void refusesRegistrationAfterShutdown() {
        GracefulShutdown shutdown = new GracefulShutdown();
        shutdown.close();
        assertThatThrownBy(() -> shutdown.register("late", () -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("late");
    }
}
