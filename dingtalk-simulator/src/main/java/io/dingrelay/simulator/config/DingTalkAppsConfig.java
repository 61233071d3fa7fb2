package io.dingrelay.simulator.config;

import io.smallrye.config.ConfigMapping;

import java.util.Map;

/**
 * The DingTalk apps this simulator plays DingTalk for: the same {@code dingtalk.apps.<name>.*} keys the
 * gateway reads, so both sides hold identical secrets.
 */
@ConfigMapping(prefix = "dingtalk")
public interface DingTalkAppsConfig {

    /** Apps by name; the name is the {@code {app}} path segment of the gateway's callback URLs. */
    Map<String, App> apps();

    interface App {
        /** Client ID; also the robotCode of the app's robot and the ownerKey of console event subscriptions. */
        String appKey();

        /** Client secret: signs robot callbacks and obtains access tokens. */
        String appSecret();

        /** Event subscription token (signature of event pushes). */
        String token();

        /** 43-character EncodingAESKey of event pushes. */
        String aesKey();

        /** The receiver id appended to encrypted plaintext (appKey for console subscriptions). */
        String ownerKey();
    }
}
