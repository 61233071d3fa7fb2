package io.dingrelay.chat.support;

import io.dingrelay.testkit.SimulatorResource;
import java.util.Map;

/**
 * The DingTalk app {@code demo} the tests' simulator (testkit's {@code SimulatorResource}) plays: chat-bridge's
 * sessionWebhook replies, access tokens and OpenAPI group sends go to it. Its callbacks go nowhere (port 1, no
 * gateway in these tests): a test asks it for a signed @robot message, takes the callback body and the session it
 * opened from the answer, and publishes the message on Kafka itself. {@link Simulator} is testkit's resource with
 * these settings, and {@link #SIMULATOR} the same set for a plain test, so every test shares one simulator.
 */
public final class DemoApp {

    public static final String APP_KEY = "dingchatbridgetest";
    public static final String APP_SECRET = "chat-bridge-test-app-secret-0123456789";
    public static final String TOKEN = "chatbridgetesttoken";
    public static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    /** No gateway: a callback fails to connect at once, the session it opened stays usable. */
    public static final String NO_GATEWAY = "http://127.0.0.1:1";

    /** The simulator's -D properties. */
    public static final Map<String, String> SIMULATOR = Map.of(
            "simulator.gateway-url", NO_GATEWAY,
            "dingtalk.apps.demo.app-key", APP_KEY,
            "dingtalk.apps.demo.app-secret", APP_SECRET,
            "dingtalk.apps.demo.token", TOKEN,
            "dingtalk.apps.demo.aes-key", AES_KEY,
            "dingtalk.apps.demo.owner-key", APP_KEY);

    private DemoApp() {
    }

    /** testkit's {@link SimulatorResource} playing this app: {@code @QuarkusTestResource(DemoApp.Simulator.class)}. */
    public static class Simulator extends SimulatorResource {
        @Override
        public void init(Map<String, String> initArgs) {
            super.init(SIMULATOR);
        }
    }
}
