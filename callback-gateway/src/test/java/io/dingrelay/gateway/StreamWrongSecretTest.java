package io.dingrelay.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dingrelay.gateway.support.GatewayTopics;
import io.dingrelay.gateway.support.Http;
import io.dingrelay.gateway.support.StreamSimulator;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A clientSecret DingTalk does not know: the gateway still starts and serves HTTP, readiness is DOWN naming the app,
 * DingTalk's refusal and the keys to check, and it does not retry in a loop (next attempt only after backoff-max).
 */
@QuarkusTest
@WithTestResource(GatewayTopics.class)
@WithTestResource(value = StreamSimulator.class, initArgs = @ResourceArg(name = "secret", value = "wrong"))
class StreamWrongSecretTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void aWrongSecretFailsClearlyInReadinessWithoutATightLoop() {
        Http http = new Http(base.toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/q/health/ready").body().contains("REFUSED"));
        Http.Answer ready = http.get("/q/health/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.body()).contains("\"dingtalk-stream\"").contains("0/1 connected").contains("invalidClientIdOrSecret")
                .contains("check dingtalk.apps.stream.app-key and .app-secret");
        assertThat(ready.body()).doesNotContain("not-the-secret-dingtalk-knows");
        assertThat(http.get("/q/health/live").status()).isEqualTo(200);
        // One refused attempt, the next only after gateway.stream.backoff-max (60 s): no reconnect loop.
        assertThat(http.get("/q/metrics").body())
                .contains("dingrelay_gateway_stream_reconnects_total{app=\"stream\",reason=\"refused\"} 1.0");
    }
}
