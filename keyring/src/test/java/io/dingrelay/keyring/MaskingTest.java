package io.dingrelay.keyring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void webhookKeepsHostAndPathAndMasksTheToken() {
        assertThat(Masking.webhook("https://oapi.dingtalk.com/robot/send?access_token=ab12cd34ef56789f"))
                .isEqualTo("https://oapi.dingtalk.com/robot/send?access_token=ab12…9f");
        assertThat(Masking.webhook("http://localhost:8089/robot/send?x=1&access_token=ab12cd34ef56789f&timestamp=5"))
                .isEqualTo("http://localhost:8089/robot/send?x=1&access_token=ab12…9f&timestamp=5");
        assertThat(Masking.webhook("https://oapi.dingtalk.com/robot/send?access_token=ab12cd34ef56789f&sign=abcdefghijklmnop"))
                .isEqualTo("https://oapi.dingtalk.com/robot/send?access_token=ab12…9f&sign=abcd…op");
        assertThat(Masking.webhook("https://oapi.dingtalk.com/robot/send")).isEqualTo("https://oapi.dingtalk.com/robot/send");
        assertThat(Masking.webhook(null)).isNull();
    }

    @Test
    void secretsShowOnlyTheirPrefixAndLastTwo() {
        assertThat(Masking.secret("SEC0123456789abcdefc3")).isEqualTo("SEC…c3");
        assertThat(Masking.secret("SECshort")).isEqualTo("SEC…");
        assertThat(Masking.secret("notasecretprefix")).isEqualTo("…");
        assertThat(Masking.secret(null)).isNull();
    }

    @Test
    void shortTokensShowNothing() {
        assertThat(Masking.token("abcdefgh")).isEqualTo("…");
        assertThat(Masking.token("ab12cd34ef56789f")).isEqualTo("ab12…9f");
        assertThat(Masking.webhook("https://oapi.dingtalk.com/robot/send?access_token=short"))
                .isEqualTo("https://oapi.dingtalk.com/robot/send?access_token=…");
    }
}
