package io.dingrelay.local.drill;

import com.fasterxml.jackson.databind.JsonNode;
import io.dingrelay.events.EventJson;
import io.dingrelay.local.LocalSecrets;
import io.dingrelay.local.LocalStack;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** What every scenario needs: the running stack, its secrets, an HTTP client, the topic reader and a run id. */
final class DrillContext {

    final LocalStack stack;
    final LocalSecrets secrets;
    final Scale scale;
    final PrintStream out;
    final DrillHttp http = new DrillHttp();
    final TopicCensus census;
    /** Prefix of every id the drill makes, so its records are told from anything else on the topics. */
    final String runId;
    /** Secrets a scenario made (e.g. the simulator groups' webhook tokens), for the log scan. */
    final java.util.Map<String, String> extraSecrets = new java.util.concurrent.ConcurrentHashMap<>();

    DrillContext(LocalStack stack, Scale scale, PrintStream out) {
        this.stack = stack;
        this.secrets = stack.secrets();
        this.scale = scale;
        this.out = out;
        this.census = new TopicCensus(stack.kafkaBootstrapServers().orElseThrow());
        this.runId = "drill" + Long.toString(Instant.now().getEpochSecond(), 36) + Integer.toString(ThreadLocalRandom.current().nextInt(1296), 36);
    }

    void log(String format, Object... args) {
        out.printf(Locale.ROOT, "[drill] " + format + "%n", args);
    }

    /** A JSON call to an admin API with the admin token; the answer as received. */
    DrillHttp.Answer admin(String method, String url, String json) {
        HttpRequest.Builder b = DrillHttp.request(url).header("Authorization", "Bearer " + secrets.adminToken());
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build());
    }

    /** As {@link #admin}, failing unless the status is {@code expected}; the body as JSON. */
    JsonNode adminOk(String method, String url, String json, int expected) {
        DrillHttp.Answer a = admin(method, url, json);
        if (a.status() != expected) {
            String body = a.body() == null ? String.valueOf(a.failure()) : a.body().length() > 300 ? a.body().substring(0, 300) : a.body();
            throw new IllegalStateException(method + " " + url.replaceAll("\\?.*", "") + " answered " + a.status() + ", expected " + expected + ": " + body);
        }
        return json(a.body());
    }

    /** A call to the simulator's /sim API (no token: it is a test double). */
    JsonNode sim(String method, String path, String json, int expected) {
        String url = stack.url("dingtalk-simulator") + path;
        HttpRequest.Builder b = DrillHttp.request(url);
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        DrillHttp.Answer a = http.send(b.build());
        if (a.status() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + a.status() + ", expected " + expected + ": " + a.body());
        }
        return json(a.body());
    }

    static JsonNode json(String body) {
        try {
            return body == null || body.isBlank() ? EventJson.mapper().nullNode() : EventJson.mapper().readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + (body.length() > 200 ? body.substring(0, 200) : body), e);
        }
    }
}
