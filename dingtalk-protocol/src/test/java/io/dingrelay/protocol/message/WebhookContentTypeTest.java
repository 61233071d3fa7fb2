package io.dingrelay.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookContentTypeTest {

    @Test
    void jsonInAnyCaseWithAnyParametersIsTakenAnythingElseIs43004() {
        assertThat(WebhookContentType.accepted(WebhookContentType.JSON_UTF8)).isTrue();
        assertThat(WebhookContentType.accepted("application/json")).isTrue();
        assertThat(WebhookContentType.accepted(" Application/JSON ;charset=GBK")).isTrue();
        assertThat(WebhookContentType.accepted("text/plain")).isFalse();
        assertThat(WebhookContentType.accepted("application/json-patch+json")).isFalse();
        assertThat(WebhookContentType.accepted("")).isFalse();
        assertThat(WebhookContentType.accepted(null)).isFalse();
    }
}
