package io.dingrelay.simulator.load;

import io.dingrelay.simulator.callback.AppKeys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Command-line options of {@code java -jar quarkus-run.jar load ...}; see {@link #USAGE}.
 */
public final class LoadOptions {

    public static final String USAGE = """
            usage: java -jar quarkus-run.jar load --target webhook|robot|events --url URL [options]
              --target webhook   POST a message to a custom-robot webhook URL (e.g. the simulator's /robot/send?access_token=...)
              --target robot     POST signed @robot callbacks to a gateway robot endpoint (.../dingtalk/apps/<app>/robot)
              --target events    POST encrypted event pushes to a gateway events endpoint (.../dingtalk/apps/<app>/events)
              --url URL          the endpoint (required unless --urls-file)
              --urls-file FILE   webhook target: one webhook URL per line, used round-robin (many groups, as a push run)
              --app NAME         app whose dingtalk.apps.NAME.* keys (system properties or DINGTALK_APPS_NAME_* env) sign/encrypt
              --app-key K --app-secret S --token T --aes-key A --owner-key O   app keys given directly (override --app)
              --secret SEC...    webhook target: sign every request (加签) with this secret
              --message JSON|@file   webhook target: the message (default a small markdown message)
              --event-type TYPE  events target: EventType to push (default chat_update_title)
              --conversations N  robot/events targets: spread the callbacks over N made-up groups, round-robin (default 1000),
                                 so the gateway's records spread over partitions as real traffic does
              --conversation-id CID  robot/events targets: send every callback for this one group instead
              --count N          requests to send (default 10000) | --duration 30s  send for this long instead
              --rate R           open loop: R requests/s at fixed intervals; latency counted from the intended send time
              --concurrency C    closed loop: C requests in flight (default 64; ignored with --rate)
              --connections N    HTTP connections per event loop (default: concurrency / event loops, or with --rate
                                 enough for 25 ms answers, rate x 0.025 / event loops; at least 8)
              --event-loops N    Vert.x event loops sending (default 2)
              --timeout MS       per-request timeout (default 10000)
              --warmup N         requests sent first and not measured, on the same connections at the same pace (default 0)
              --json             print the report as one JSON object
            """;

    public enum Target { WEBHOOK, ROBOT, EVENTS }

    Target target;
    String url;
    java.util.List<String> urls = java.util.List.of();
    AppKeys app;
    String secret;
    String message = "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"load\",\"text\":\"#### 负载测试 load test\\n> DingRelay\"}}";
    String eventType = "chat_update_title";
    /** One group for every callback, or null: {@link #conversations} made-up ones. */
    String conversationId;
    int conversations = 1000;
    long count = 10_000;
    Duration duration;
    double rate;
    int concurrency = 64;
    int connections;
    int eventLoops = 2;
    long timeoutMs = 10_000;
    long warmup;
    boolean json;

    public static LoadOptions parse(String[] args) {
        LoadOptions o = new LoadOptions();
        String appName = null;
        String appKey = null, appSecret = null, token = null, aesKey = null, ownerKey = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--json")) {
                o.json = true;
                continue;
            }
            if (a.equals("--help") || a.equals("-h")) {
                throw new IllegalArgumentException("help");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + ": needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--target" -> o.target = switch (v.toLowerCase(Locale.ROOT)) {
                    case "webhook" -> Target.WEBHOOK;
                    case "robot" -> Target.ROBOT;
                    case "events" -> Target.EVENTS;
                    default -> throw new IllegalArgumentException("--target: webhook, robot or events, was " + v);
                };
                case "--url" -> o.url = v;
                case "--urls-file" -> o.urls = readLines(v);
                case "--app" -> appName = v;
                case "--app-key" -> appKey = v;
                case "--app-secret" -> appSecret = v;
                case "--token" -> token = v;
                case "--aes-key" -> aesKey = v;
                case "--owner-key" -> ownerKey = v;
                case "--secret" -> o.secret = v;
                case "--message" -> o.message = v.startsWith("@") ? read(v.substring(1)) : v;
                case "--event-type" -> o.eventType = v;
                case "--conversation-id" -> o.conversationId = v;
                case "--conversations" -> o.conversations = positiveInt(a, v);
                case "--count" -> o.count = positiveLong(a, v);
                case "--duration" -> o.duration = duration(v);
                case "--rate" -> o.rate = Double.parseDouble(v);
                case "--concurrency" -> o.concurrency = positiveInt(a, v);
                case "--connections" -> o.connections = positiveInt(a, v);
                case "--event-loops" -> o.eventLoops = positiveInt(a, v);
                case "--timeout" -> o.timeoutMs = positiveLong(a, v);
                case "--warmup" -> o.warmup = Long.parseLong(v);
                default -> throw new IllegalArgumentException(a + ": unknown option");
            }
        }
        if (o.target == null) {
            throw new IllegalArgumentException("--target: required");
        }
        if (o.url == null && !o.urls.isEmpty()) {
            o.url = o.urls.get(0);
        }
        if (o.url == null) {
            throw new IllegalArgumentException("--url: required");
        }
        if (!o.urls.isEmpty() && o.target != Target.WEBHOOK) {
            throw new IllegalArgumentException("--urls-file: only for --target webhook");
        }
        if (o.target != Target.WEBHOOK) {
            String n = appName == null ? "load" : appName;
            o.app = new AppKeys(n, pick(appKey, n, "app-key"), pick(appSecret, n, "app-secret"), pick(token, n, "token"),
                    pick(aesKey, n, "aes-key"), pick(ownerKey, n, "owner-key"));
            if (o.app.appSecret() == null || (o.target == Target.EVENTS && (o.app.token() == null || o.app.aesKey() == null
                    || o.app.ownerKey() == null))) {
                throw new IllegalArgumentException("--app: keys of app '" + n + "' not found; set dingtalk.apps." + n
                        + ".* (system properties or env) or pass --app-secret/--token/--aes-key/--owner-key");
            }
        }
        if (o.rate < 0) {
            throw new IllegalArgumentException("--rate: must be positive");
        }
        if (o.connections == 0) {
            // Open loop: requests beyond the pool wait for a connection, and that wait, not the receiver, would cap the
            // rate (Little's law: in flight = rate x latency). Enough for 25 ms answers at the offered rate.
            int needed = o.rate > 0 ? (int) Math.ceil(o.rate * 0.025) : o.concurrency;
            o.connections = Math.max(8, needed / o.eventLoops);
        }
        return o;
    }

    private static String pick(String given, String app, String key) {
        if (given != null) {
            return given;
        }
        String prop = System.getProperty("dingtalk.apps." + app + "." + key);
        if (prop != null) {
            return prop;
        }
        return System.getenv(("DINGTALK_APPS_" + app + "_" + key).toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_'));
    }

    private static long positiveLong(String opt, String v) {
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(opt + ": must be a whole number, was " + v);
        }
        if (n <= 0) {
            throw new IllegalArgumentException(opt + ": must be positive");
        }
        return n;
    }

    /** A positive count that fits an int: a larger one would wrap around to a negative size. */
    private static int positiveInt(String opt, String v) {
        long n = positiveLong(opt, v);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(opt + ": must be at most " + Integer.MAX_VALUE);
        }
        return (int) n;
    }

    static Duration duration(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        if (s.endsWith("s")) {
            return Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
        }
        if (s.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)) * 60);
        }
        return Duration.ofSeconds(Long.parseLong(s));
    }

    private static java.util.List<String> readLines(String file) {
        try {
            java.util.List<String> lines = Files.readAllLines(Path.of(file)).stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
            if (lines.isEmpty()) {
                throw new IllegalArgumentException("--urls-file: " + file + " has no URLs");
            }
            return lines;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--urls-file: cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (Exception e) {
            throw new IllegalArgumentException("--message: cannot read " + file + ": " + e.getMessage());
        }
    }
}
