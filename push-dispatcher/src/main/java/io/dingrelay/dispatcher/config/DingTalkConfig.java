package io.dingrelay.dispatcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/**
 * Where DingTalk is and the apps the dispatcher sends OpenAPI messages as (design.md "Configuration contract").
 * The other app keys (token, aesKey, ownerKey) are the gateway's; they are accepted here so one shared set of
 * {@code dingtalk.apps.*} settings can be given to every service.
 */
@ConfigMapping(prefix = "dingtalk")
public interface DingTalkConfig {

    /** The new-style API: access tokens and {@code /v1.0/robot/groupMessages/send}. */
    @WithDefault("https://api.dingtalk.com")
    String apiBaseUrl();

    /** The legacy API (custom-robot webhooks are full URLs and do not use it). */
    @WithDefault("https://oapi.dingtalk.com")
    String oapiBaseUrl();

    /** Apps by name ({@code dingtalk.apps.<name>.*}); the audience's {@code openApi.app} names one. */
    Map<String, App> apps();

    interface App {
        /** DingTalk's ClientID; for an internal app's robot also the robotCode. */
        String appKey();

        /** DingTalk's ClientSecret. Never logged. */
        String appSecret();

        /** The gateway's callback token (not used here). */
        Optional<String> token();

        /** The gateway's callback AES key (not used here). */
        Optional<String> aesKey();

        /** The gateway's receiver id (not used here). */
        Optional<String> ownerKey();
    }
}
