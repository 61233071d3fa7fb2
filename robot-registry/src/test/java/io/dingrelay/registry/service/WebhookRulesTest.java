package io.dingrelay.registry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookRulesTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private final WebhookRules rules = new WebhookRules(List.of("oapi.dingtalk.com", "localhost"));

    @Test
    void acceptsDingTalkAndTheLocalSimulator() {
        CheckedWebhook w = rules.webhook("https://oapi.dingtalk.com/robot/send?access_token=" + TOKEN, "SEC0123456789abcdefc3");
        assertThat(w.host()).isEqualTo("oapi.dingtalk.com");
        assertThat(w.maskedUrl()).isEqualTo("https://oapi.dingtalk.com/robot/send?access_token=0123…ef");
        assertThat(w.maskedSecret()).isEqualTo("SEC…c3");
        assertThat(w.tokenHash()).hasSize(64).doesNotContain(TOKEN);
        assertThat(w.toString()).doesNotContain(TOKEN);
        assertThat(rules.webhook("http://localhost:18089/robot/send?access_token=" + TOKEN, null).secret()).isNull();
    }

    @Test
    void refusesNamingTheFieldNeverTheToken() {
        check("ftp://oapi.dingtalk.com/robot/send?access_token=" + TOKEN, null, "webhook", "absolute http(s) URL");
        check("not a url", null, "webhook", "not a valid URL");
        check("https://evil.example.com/robot/send?access_token=" + TOKEN, null, "webhook", "not in dingrelay.webhook-hosts");
        check("http://oapi.dingtalk.com/robot/send?access_token=" + TOKEN, null, "webhook", "must use https");
        check("https://oapi.dingtalk.com/robot/send", null, "webhook", "has no access_token");
        check("https://oapi.dingtalk.com/robot/send?access_token=", null, "webhook", "has no access_token");
        check("https://oapi.dingtalk.com/other?access_token=" + TOKEN, null, "webhook", "path must be /robot/send");
        check("https://oapi.dingtalk.com/robot/send?access_token=" + TOKEN + "&sign=x", null, "webhook", "must not carry sign");
        check("https://oapi.dingtalk.com/robot/send?access_token=" + TOKEN, "abc123456789", "secret", "must start with SEC");
        check(null, null, "webhook", "is required");
    }

    @Test
    void tagsAreSortedAndChecked() {
        assertThat(rules.tags(List.of("ops", "运维", "ops", "a:b"))).containsExactly("a:b", "ops", "运维");
        assertThatThrownBy(() -> rules.tags(List.of("has space"))).isInstanceOf(InvalidInputException.class)
                .hasFieldOrPropertyWithValue("field", "tags");
    }

    private void check(String url, String secret, String field, String reason) {
        assertThatThrownBy(() -> rules.webhook(url, secret)).isInstanceOf(InvalidInputException.class)
                .hasFieldOrPropertyWithValue("field", field).hasMessageContaining(reason).hasMessageNotContaining(TOKEN);
    }
}
