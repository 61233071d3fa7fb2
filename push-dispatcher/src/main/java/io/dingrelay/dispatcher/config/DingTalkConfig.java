package io.dingrelay.dispatcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where DingTalk is (design.md "Configuration contract"). The apps the dispatcher sends OpenAPI messages as
 * ({@code dingtalk.apps.*}) are read through messaging's shared {@link io.dingrelay.messaging.config.DingTalkAppsConfig},
 * the same mapping every service and the simulator read, under the same prefix.
 */
@ConfigMapping(prefix = "dingtalk")
public interface DingTalkConfig {

    /** The new-style API: access tokens and {@code /v1.0/robot/groupMessages/send}. */
    @WithDefault("https://api.dingtalk.com")
    String apiBaseUrl();

    /** The legacy API (custom-robot webhooks are full URLs and do not use it). */
    @WithDefault("https://oapi.dingtalk.com")
    String oapiBaseUrl();
}
