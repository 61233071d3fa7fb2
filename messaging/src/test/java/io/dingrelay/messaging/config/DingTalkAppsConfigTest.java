package io.dingrelay.messaging.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping as SmallRye Config (what Quarkus uses) reads it. */
class DingTalkAppsConfigTest {

    @Test
    void aCallbackAppHasEveryKeyAndTheDefaults() {
        DingTalkAppsConfig config = load(Map.of(
                "dingtalk.apps.demo.app-key", "dingkey", "dingtalk.apps.demo.app-secret", "s3cret",
                "dingtalk.apps.demo.token", "tok", "dingtalk.apps.demo.aes-key", "a".repeat(43),
                "dingtalk.apps.demo.owner-key", "dingkey",
                "dingtalk.apps.demo.allowed-sources", "203.119.0.0/16,10.0.0.1"));

        DingTalkAppsConfig.App demo = config.apps().get("demo");
        assertThat(config.apps()).containsOnlyKeys("demo");
        assertThat(demo.appKey()).isEqualTo("dingkey");
        assertThat(demo.token()).contains("tok");
        assertThat(demo.aesKey()).contains("a".repeat(43));
        assertThat(demo.ownerKey()).contains("dingkey");
        assertThat(demo.enabled()).isTrue();
        assertThat(demo.endpoints().events()).isTrue();
        assertThat(demo.endpoints().robot()).isTrue();
        assertThat(demo.allowedSources()).contains(List.of("203.119.0.0/16", "10.0.0.1"));
    }

    @Test
    void anOpenApiCallerNeedsOnlyKeyAndSecret() {
        DingTalkAppsConfig config = load(Map.of("dingtalk.apps.push.app-key", "k", "dingtalk.apps.push.app-secret", "s",
                "dingtalk.apps.push.endpoints.robot", "false", "dingtalk.api-base-url", "http://localhost:8090"));

        DingTalkAppsConfig.App push = config.apps().get("push");
        assertThat(push.token()).isEmpty();
        assertThat(push.aesKey()).isEmpty();
        assertThat(push.ownerKey()).isEmpty();
        assertThat(push.allowedSources()).isEmpty();
        assertThat(push.endpoints().robot()).isFalse();
    }

    @Test
    void noAppIsAValidConfigurationButAnAppWithoutSecretIsNot() {
        assertThat(load(Map.of()).apps()).isEmpty();
        assertThatThrownBy(() -> load(Map.of("dingtalk.apps.x.app-key", "k")))
                .hasStackTraceContaining("dingtalk.apps.x.app-secret");
    }

    private static DingTalkAppsConfig load(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .withMapping(DingTalkAppsConfig.class)
                .withValidateUnknown(false) // as Quarkus: other dingtalk.* keys (base URLs) belong to other mappings
                .build();
        return config.getConfigMapping(DingTalkAppsConfig.class);
    }
}
