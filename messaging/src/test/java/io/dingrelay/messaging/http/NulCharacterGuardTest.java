package io.dingrelay.messaging.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which part of a request URI holds a NUL; each service's own test sends such requests over HTTP (e.g. NulInputTest). */
class NulCharacterGuardTest {

    @Test
    void namesThePathOrTheQueryParameterThatHoldsANul() {
        assertThat(NulCharacterGuard.offendingField("/api/campaigns/%00abc")).isEqualTo("path");
        assertThat(NulCharacterGuard.offendingField("/api/check-ins/summary?conversationId=cid%00")).isEqualTo("conversationId");
        assertThat(NulCharacterGuard.offendingField("/api/groups?tag=a&%00=1")).isEqualTo("query");
        assertThat(NulCharacterGuard.offendingField("/api/groups?tag=%2500")).isNull(); // a literal "%00", not a NUL
        assertThat(NulCharacterGuard.offendingField("/api/groups?tag=疫情")).isNull();
        assertThat(NulCharacterGuard.offendingField("/api/x%zz%00")).isEqualTo("path"); // malformed escape elsewhere
    }
}
