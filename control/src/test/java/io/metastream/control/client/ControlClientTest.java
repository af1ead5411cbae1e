package io.metastream.control.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlClientTest {

    @Test
    void readsUrlAndTokenFromTheEnvironmentWithALocalDefault() {
        assertThat(ControlClient.fromEnvironment(Map.of("METASTREAM_CONTROL_TOKEN", "t")).baseUri())
                .isEqualTo(URI.create("http://localhost:8480/"));
        assertThat(ControlClient.fromEnvironment(Map.of("METASTREAM_CONTROL_TOKEN", "t",
                "METASTREAM_CONTROL_URL", "https://ops.example.com/control")).baseUri())
                .isEqualTo(URI.create("https://ops.example.com/control/"));
    }

    @Test
    void saysWhichVariableIsMissing() {
        assertThatThrownBy(() -> ControlClient.fromEnvironment(Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("METASTREAM_CONTROL_TOKEN is not set");
        assertThatThrownBy(() -> ControlClient.fromEnvironment(Map.of("METASTREAM_CONTROL_TOKEN", "t",
                "METASTREAM_CONTROL_URL", "localhost:8480"))).hasMessageContaining("must start with http");
    }

    @Test
    void keepsAPathPrefixWhenResolvingEndpoints() {
        assertThat(new ControlClient(URI.create("http://h:1/control"), "t").baseUri().resolve("v1/status"))
                .isEqualTo(URI.create("http://h:1/control/v1/status"));
        assertThat(new ControlClient(URI.create("http://h:1"), "t").baseUri().resolve("v1/status"))
                .isEqualTo(URI.create("http://h:1/v1/status"));
    }

    @Test
    void refusesABlankToken() {
        assertThatThrownBy(() -> new ControlClient(URI.create("http://h:1"), " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token is required");
    }
}
