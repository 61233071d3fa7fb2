package io.dingrelay.gateway.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The DingTalk apps every gateway test runs with. Secrets are random-looking but fixed (seeded), so a failure can be
 * replayed, and long enough that finding one in a log cannot be a coincidence.
 */
public final class TestApps {

    /** A regular app with both endpoints. */
    public static final App MAIN = App.generate("main", 1);
    /** A second regular app: keys of one app must not open the other. */
    public static final App SECOND = App.generate("second", 2);
    /** Configured but {@code enabled=false}. */
    public static final App OFF = App.generate("off", 3);
    /** Only the events endpoint ({@code endpoints.robot=false}). */
    public static final App EVENTS_ONLY = App.generate("eventsonly", 4);
    /** Allow-list {@code 10.0.0.0/8}: the tests call from 127.0.0.1, which is outside it. */
    public static final App FENCED = App.generate("fenced", 5);
    /** Allow-list including loopback ({@code 203.119.0.0/16,127.0.0.0/8}). */
    public static final App LOOPBACK = App.generate("loopback", 6);

    /** Stream mode: only in the Stream tests' configuration ({@link StreamSimulator}), whose simulator knows its keys. */
    public static final App STREAM = App.generate("stream", 7);

    private TestApps() {
    }

    /** The configuration of all apps, as {@code dingtalk.apps.<name>.*} properties. */
    public static Map<String, String> config() {
        Map<String, String> c = new LinkedHashMap<>();
        for (App app : new App[] {MAIN, SECOND, OFF, EVENTS_ONLY, FENCED, LOOPBACK}) {
            c.putAll(app.properties());
        }
        c.put("dingtalk.apps.off.enabled", "false");
        c.put("dingtalk.apps.eventsonly.endpoints.robot", "false");
        c.put("dingtalk.apps.fenced.allowed-sources", "10.0.0.0/8");
        c.put("dingtalk.apps.loopback.allowed-sources", "203.119.0.0/16,127.0.0.0/8,::1");
        // Shared keys other services read (design.md "Configuration contract") must not stop the gateway.
        c.put("dingtalk.api-base-url", "http://localhost:8090");
        c.put("dingtalk.apps.main.robot-code", "dingrobot001");
        return c;
    }

    /** One app's keys. */
    public record App(String name, String appKey, String appSecret, String token, String aesKey, String ownerKey) {

        static App generate(String name, long seed) {
            Random r = new Random(seed * 7919);
            return new App(name, "dingappkey" + alnum(r, 10), "appsecret" + alnum(r, 40), "tok" + alnum(r, 24),
                    alnum(r, 43), "dingowner" + alnum(r, 12));
        }

        public Map<String, String> properties() {
            String p = "dingtalk.apps." + name + ".";
            Map<String, String> c = new LinkedHashMap<>();
            c.put(p + "app-key", appKey);
            c.put(p + "app-secret", appSecret);
            c.put(p + "token", token);
            c.put(p + "aes-key", aesKey);
            c.put(p + "owner-key", ownerKey);
            return c;
        }

        /** The values that must never appear in a log or an answer. */
        public java.util.List<String> secrets() {
            return java.util.List.of(appSecret, token, aesKey);
        }
    }

    static String alnum(Random r, int n) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(chars.charAt(r.nextInt(chars.length())));
        }
        return b.toString();
    }
}
