package io.metastream.control.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BearerAuthTest {
    private final BearerAuth auth = new BearerAuth(Map.of("alice", "alice-token-0123456789", "bob", "bob-token-0123456789"));

    @Test
    void namesThePrincipalOfAValidToken() {
        assertThat(auth.check("Bearer bob-token-0123456789")).isEqualTo(new BearerAuth.Result.Authenticated("bob"));
        assertThat(auth.check("bearer alice-token-0123456789"))
                .isEqualTo(new BearerAuth.Result.Authenticated("alice"));
    }

    @Test
    void treatsAMissingOrMalformedHeaderAsUnauthenticated() {
        for (String header : new String[] {null, "", "Bearer", "Bearer   ", "Basic YWxpY2U6eA==", "alice-token-0123456789"}) {
            assertThat(auth.check(header)).as(String.valueOf(header)).isInstanceOf(BearerAuth.Result.Missing.class);
        }
    }

    @Test
    void rejectsAWrongTokenIncludingPrefixesAndExtensionsOfAValidOne() {
        for (String token : new String[] {"nope", "alice-token-012345678", "alice-token-01234567890", "ALICE-TOKEN-0123456789"}) {
            assertThat(auth.check("Bearer " + token)).as(token).isInstanceOf(BearerAuth.Result.Rejected.class);
        }
    }

    @Test
    void needsAtLeastOneToken() {
        assertThatThrownBy(() -> new BearerAuth(Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name=token");
    }
}
