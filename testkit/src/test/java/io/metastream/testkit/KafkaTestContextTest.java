package io.metastream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class KafkaTestContextTest {

    @Test
    void namesAreUniqueAcrossCalls() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            names.add(KafkaTestContext.nextName("same"));
        }
        assertThat(names).hasSize(1000);
    }

    @Property
    void namesAreLegalKafkaTopicNames(@ForAll String prefix) {
        String name = KafkaTestContext.nextName(prefix);

        assertThat(name).matches("[a-zA-Z0-9._-]+").hasSizeLessThanOrEqualTo(249);
    }

    @Test
    void keepsALegalPrefixReadable() {
        assertThat(KafkaTestContext.nextName("conversations.v1")).startsWith("conversations.v1-");
    }
}
