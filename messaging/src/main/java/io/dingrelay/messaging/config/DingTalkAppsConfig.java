package io.dingrelay.messaging.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DingTalk apps of a deployment: {@code dingtalk.apps.<name>.*} (design.md "Configuration contract"), read by the
 * gateway (which verifies the apps' callbacks), by the simulator (which plays DingTalk for them, so both sides hold the
 * same secrets) and by any service that calls DingTalk's OpenAPI as an app. {@code <name>} is the {@code {app}} of the
 * gateway's callback paths and the {@code app} of an OpenAPI audience entry.
 *
 * <p>Only {@code app-key} and {@code app-secret} are needed by every reader; the three event-push keys are optional
 * here because an OpenAPI caller has no use for them, and the gateway refuses to start when an app lacks one (naming
 * the key, never a value). Secrets belong in the environment ({@code DINGTALK_APPS_DEMO_APP_SECRET=…}) or in
 * {@code -D} system properties, never in a committed file.
 */
@ConfigMapping(prefix = "dingtalk")
public interface DingTalkAppsConfig {

    /** Every configured app by name. None is a valid configuration (the gateway then answers every callback 404). */
    Map<String, App> apps();

    /** One DingTalk app (an enterprise-internal app, an ISV suite or a custom app). */
    interface App {

        /**
         * The app's Client ID (appKey). Identifies the app; also the robotCode of the app's robot and the ownerKey of
         * console event subscriptions. Not secret.
         */
        String appKey();

        /**
         * The app's Client Secret (appSecret): the HMAC-SHA256 key of the robot callback {@code sign} header
         * (dingtalk-protocol.md §3.1) and the secret that obtains OpenAPI access tokens. Secret.
         */
        String appSecret();

        /**
         * The event-subscription token: the first of the four strings whose SHA1 signs an event push (§1.3). Needed
         * to receive (gateway) or send (simulator) event pushes. Secret.
         */
        Optional<String> token();

        /** The 43-character EncodingAESKey of event pushes: Base64 of the AES-256 key (§1.4). Secret. */
        Optional<String> aesKey();

        /**
         * The receiver id DingTalk appends to every encrypted event and the gateway checks on decrypt (§1.1): the
         * appKey for events configured in the developer console, the corpId for {@code register_call_back}
         * subscriptions, the suiteKey for ISV apps. Not secret.
         */
        Optional<String> ownerKey();

        /** Off: both of the gateway's endpoints of this app answer 404 {@code app_disabled}, e.g. while rotating its secrets. */
        @WithDefault("true")
        boolean enabled();

        /** Which of the gateway's two endpoints of this app are served. */
        Endpoints endpoints();

        /**
         * Source addresses allowed to call the gateway's endpoints of this app, as CIDR blocks ({@code 203.119.0.0/16})
         * or single addresses; empty (the default) allows any. DingTalk's HTTP-push egress ranges (§1.1) are
         * {@code 203.119.0.0/16,140.205.0.0/16,106.11.0.0/16,198.11.0.0/16} (+ {@code 203.119.128.0/17,59.82.0.0/16}
         * for SyncHTTP). Behind a proxy or load balancer, enable {@code quarkus.http.proxy.proxy-address-forwarding}
         * so the client's address, not the proxy's, is checked.
         */
        Optional<List<String>> allowedSources();
    }

    /** The per-endpoint switches of one app in the gateway. */
    interface Endpoints {

        /** Serve {@code POST /dingtalk/apps/{app}/events} (encrypted event pushes). */
        @WithDefault("true")
        boolean events();

        /** Serve {@code POST /dingtalk/apps/{app}/robot} (signed robot message callbacks). */
        @WithDefault("true")
        boolean robot();
    }
}
