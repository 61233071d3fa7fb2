package io.dingrelay.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dingrelay.messaging.config.DingTalkAppsConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Start-up validation of the app configuration: every problem named by key, no value ever shown. */
class AppRegistryTest {

    static final String SECRET = "appsecretDoNotPrintMe0123456789";
    static final String TOKEN = "tokenDoNotPrintMe42";
    static final String AES = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    record App(String appKey, String appSecret, String tokenValue, String aesKeyValue, String ownerKeyValue, boolean enabled,
               Optional<List<String>> allowedSources) implements DingTalkAppsConfig.App {

        @Override
        public Optional<String> token() {
            return Optional.ofNullable(tokenValue);
        }

        @Override
        public Optional<String> aesKey() {
            return Optional.ofNullable(aesKeyValue);
        }

        @Override
        public Optional<String> ownerKey() {
            return Optional.ofNullable(ownerKeyValue);
        }

        @Override
        public DingTalkAppsConfig.Endpoints endpoints() {
            return new DingTalkAppsConfig.Endpoints() {
                @Override
                public boolean events() {
                    return true;
                }

                @Override
                public boolean robot() {
                    return true;
                }
            };
        }
    }

    static App valid() {
        return new App("dingkey", SECRET, TOKEN, AES, "dingkey", true, Optional.empty());
    }

    @Test
    void validAppsAreBuiltWithTheirCrypto() {
        Map<String, ConfiguredApp> apps = AppRegistry.build(Map.of("demo", valid()));

        assertThat(apps).containsOnlyKeys("demo");
        assertThat(apps.get("demo").crypto().ownerKey()).isEqualTo("dingkey");
        assertThat(apps.get("demo").allowsSource("1.2.3.4")).isTrue();
        assertThat(apps.get("demo").toString()).doesNotContain(SECRET, TOKEN, AES);
    }

    @Test
    void everyProblemIsListedByKeyWithoutItsValue() {
        Map<String, DingTalkAppsConfig.App> apps = new LinkedHashMap<>();
        apps.put("shortkey", new App("k", SECRET, TOKEN, AES.substring(0, 40), "k", true, Optional.empty()));
        apps.put("badaes", new App("k", SECRET, TOKEN, AES.substring(0, 42) + "!", "k", true, Optional.empty()));
        apps.put("blank", new App("k", " ", "", AES, "k", true, Optional.empty()));
        apps.put("pasted", new App("k", SECRET + "\n", TOKEN, AES, "k", true, Optional.empty()));
        apps.put("fence", new App("k", SECRET, TOKEN, AES, "k", true, Optional.of(List.of("10.0.0.0/8", "dingtalk.com"))));
        apps.put("bad name", valid());

        assertThatThrownBy(() -> AppRegistry.build(apps))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("dingtalk.apps.shortkey.aes-key: ")
                .hasMessageContaining("must be exactly 43 characters, was 40")
                .hasMessageContaining("dingtalk.apps.badaes.aes-key: ")
                .hasMessageContaining("dingtalk.apps.blank.app-secret: is empty")
                .hasMessageContaining("dingtalk.apps.blank.token: is empty")
                .hasMessageContaining("dingtalk.apps.pasted.app-secret: has leading or trailing whitespace")
                .hasMessageContaining("dingtalk.apps.fence.allowed-sources: 'dingtalk.com' is not an IP address")
                .hasMessageContaining("dingtalk.apps.bad name: the app name must match")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET, TOKEN, AES.substring(0, 40)));
    }

    @Test
    void noAppsIsAllowed() {
        assertThat(AppRegistry.build(Map.of())).isEmpty();
    }
}
