package io.dingrelay.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dingrelay.gateway.support.Callbacks;
import io.dingrelay.gateway.support.GatewayTopics;
import io.dingrelay.gateway.support.Http;
import io.dingrelay.gateway.support.Samples;
import io.dingrelay.gateway.support.TestApps;
import io.dingrelay.gateway.support.TestAppsResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What an operator sees: Prometheus counters per app, endpoint and reason; health endpoints. */
@QuarkusTest
@WithTestResource(GatewayTopics.class)
@WithTestResource(TestAppsResource.class)
class MetricsAndHealthTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void callbacksAreCountedByAppEndpointAndReason() {
        Http http = new Http(base.toString());
        String accepted = "dingrelay_gateway_callbacks_accepted_total{app=\"main\",endpoint=\"robot\",kind=\"message\"}";
        String duplicate = "dingrelay_gateway_callbacks_duplicate_total{app=\"main\",endpoint=\"robot\"}";
        String badSignature = "dingrelay_gateway_callbacks_rejected_total{app=\"main\",endpoint=\"robot\",reason=\"bad_signature\",status=\"401\"}";
        String unknownApp = "dingrelay_gateway_callbacks_rejected_total{app=\"unknown\",endpoint=\"events\",reason=\"unknown_app\",status=\"404\"}";
        String tooLarge = "dingrelay_gateway_callbacks_rejected_total{app=\"main\",endpoint=\"events\",reason=\"too_large\",status=\"413\"}";
        String urlCheck = "dingrelay_gateway_callbacks_accepted_total{app=\"main\",endpoint=\"events\",kind=\"url_check\"}";
        String published = "dingrelay_gateway_kafka_publish_seconds_count{app=\"main\",endpoint=\"robot\",outcome=\"acknowledged\"}";
        String metrics = http.get("/q/metrics").body();
        double[] before = {value(metrics, accepted), value(metrics, duplicate), value(metrics, badSignature),
                value(metrics, unknownApp), value(metrics, tooLarge), value(metrics, urlCheck), value(metrics, published)};

        String body = Samples.groupText(Samples.uid("msg"), Samples.uid("cid"), "hi", System.currentTimeMillis());
        Callbacks.RobotSignature s = Callbacks.robotSignature(TestApps.MAIN);
        Http.Request robot = Http.post("/dingtalk/apps/main/robot").json().header("timestamp", s.timestamp()).header("sign", s.sign()).body(body);
        assertThat(http.send(robot).status()).isEqualTo(200);
        assertThat(http.send(robot).status()).isEqualTo(200);
        assertThat(http.send(Http.post("/dingtalk/apps/main/robot").json().header("timestamp", s.timestamp())
                .header("sign", Callbacks.robotSignature(TestApps.SECOND).sign()).body(body)).status()).isEqualTo(401);
        // An attacker-chosen app name must not become a tag.
        assertThat(http.send(Http.post("/dingtalk/apps/" + Samples.uid("x") + "/events").json().body("{}")).status()).isEqualTo(404);
        assertThat(http.send(Http.post("/dingtalk/apps/main/events").json().body("x".repeat(70_000))).status()).isEqualTo(413);
        Callbacks.EventPush check = Callbacks.eventPush(TestApps.MAIN, Samples.checkUrl());
        assertThat(http.send(Http.post("/dingtalk/apps/main/events?" + check.query()).json().body(check.body())).status()).isEqualTo(200);

        String after = http.get("/q/metrics").body();
        assertThat(value(after, accepted) - before[0]).isEqualTo(1);
        assertThat(value(after, duplicate) - before[1]).isEqualTo(1);
        assertThat(value(after, badSignature) - before[2]).isEqualTo(1);
        assertThat(value(after, unknownApp) - before[3]).isEqualTo(1);
        assertThat(value(after, tooLarge) - before[4]).isEqualTo(1);
        assertThat(value(after, urlCheck) - before[5]).isEqualTo(1);
        assertThat(value(after, published) - before[6]).isEqualTo(1);
        assertThat(after).doesNotContain("app=\"x");
    }

    @Test
    void readyAndAliveWhileTheBrokerAnswers() {
        Http http = new Http(base.toString());
        assertThat(http.get("/q/health/live").status()).isEqualTo(200);
        // Ready once the producer holds the topics' metadata (fetched in the background right after start-up).
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/q/health/ready").status() == 200);
        Http.Answer ready = http.get("/q/health/ready");
        assertThat(ready.body()).contains("\"kafka\"").contains("\"UP\"");
        assertThat(http.get("/q/health/live").status()).isEqualTo(200);
    }

    /** The sample's value, 0 when the series does not exist yet. */
    static double value(String prometheus, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(prometheus);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
