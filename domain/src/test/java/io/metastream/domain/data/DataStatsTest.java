package io.metastream.domain.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.metastream.domain.serde.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class DataStatsTest {

    @Test
    void printsOneJsonObjectWithTheKeysTheCliDocuments() throws IOException {
        String json = new DataStats(DataFormat.PARLAI, 1000, 7801, 100, 39, 78.5, 139, 2).toJson();
        assertThat(json).isEqualTo("{\"format\":\"PARLAI\",\"dialogues\":1000,\"examples\":7801,\"personas\":100,"
                + "\"examples_per_persona\":{\"min\":39,\"median\":78.5,\"max\":139},\"problems\":2}");
        JsonNode node = Json.mapper().readTree(json);
        assertThat(node.get("examples_per_persona").get("median").asDouble()).isEqualTo(78.5);
    }

    @Test
    void refusesCountsThatContradictEachOther() {
        assertThatThrownBy(() -> new DataStats(DataFormat.SPC_CSV, 1, 1, 1, 5, 3, 4, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inconsistent counts");
    }

    @Test
    void problemsPrintAsFileLineReason() {
        assertThat(new Problem(java.nio.file.Path.of("data.txt"), 7, "bad line").toString()).isEqualTo("data.txt:7: bad line");
    }
}
