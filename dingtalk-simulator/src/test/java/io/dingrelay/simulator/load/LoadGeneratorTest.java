package io.dingrelay.simulator.load;

import io.dingrelay.simulator.support.Sim;
import io.dingrelay.simulator.support.TestGateway;
import io.dingrelay.simulator.support.TestGatewayResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The load generator against the simulator's own webhook and against the verifying test gateway. */
@QuarkusTest
@QuarkusTestResource(TestGatewayResource.class)
class LoadGeneratorTest {

    @AfterEach
    void restore() {
        TestGateway.reset();
        Sim.restoreLimits();
    }

    @Test
    void webhookTargetCountsEveryAnswerIncludingThrottling() {
        Sim.limits("{\"robotPerMinute\":20}");
        Sim.G g = Sim.group("load-webhook");
        LoadReport r = LoadGenerator.run(LoadOptions.parse(new String[] {
                "--target", "webhook", "--url", g.webhook(), "--count", "100", "--concurrency", "4"}));
        assertThat(r.requests()).isEqualTo(100);
        assertThat(r.ok()).isEqualTo(20);
        assertThat(r.errors()).containsEntry("errcode_410100", 80L);
        given().get("/sim/groups/" + g.id()).then().body("accepted", equalTo(20));
    }

    @Test
    void signedWebhookOpenLoop() {
        Sim.limits("{\"robotEnabled\":false}");
        Sim.G g = Sim.group("load-signed", "sign", null, null);
        LoadReport r = LoadGenerator.run(LoadOptions.parse(new String[] {
                "--target", "webhook", "--url", g.webhook(), "--secret", g.secret(), "--count", "200", "--rate", "400"}));
        assertThat(r.errors()).isEmpty();
        assertThat(r.ok()).isEqualTo(200);
        assertThat(r.latencyMicros().getTotalCount()).isEqualTo(200);
        given().get("/sim/groups/" + g.id()).then().body("accepted", equalTo(200));
    }

    @Test
    void warmUpRequestsAreSentButNotMeasured() {
        Sim.limits("{\"robotEnabled\":false}");
        Sim.G g = Sim.group("load-warmup");
        LoadReport open = LoadGenerator.run(LoadOptions.parse(new String[] {
                "--target", "webhook", "--url", g.webhook(), "--count", "150", "--warmup", "50", "--rate", "500"}));
        assertThat(open.requests()).isEqualTo(150);
        assertThat(open.latencyMicros().getTotalCount()).isEqualTo(150);
        LoadReport closed = LoadGenerator.run(LoadOptions.parse(new String[] {
                "--target", "webhook", "--url", g.webhook(), "--count", "30", "--warmup", "70", "--concurrency", "8",
                "--event-loops", "3"}));
        assertThat(closed.requests()).isEqualTo(30);
        assertThat(closed.ok()).isEqualTo(30);
        // The group received every request, the warm-up's included.
        given().get("/sim/groups/" + g.id()).then().body("accepted", equalTo(300));
    }

    @Test
    void durationBoundsAnOpenLoopRun() {
        Sim.limits("{\"robotEnabled\":false}");
        Sim.G g = Sim.group("load-duration");
        LoadReport r = LoadGenerator.run(LoadOptions.parse(new String[] {
                "--target", "webhook", "--url", g.webhook(), "--duration", "1s", "--rate", "100"}));
        // Open loop at 100/s for 1 s: never more than the schedule allows, and every request answered and counted.
        assertThat(r.requests()).isBetween(1L, 100L);
        assertThat(r.errors()).isEmpty();
        given().get("/sim/groups/" + g.id()).then().body("accepted", equalTo((int) r.ok()));
    }

    @Test
    void robotTargetVerifiedByTheGateway() {
        LoadReport r = LoadGenerator.run(LoadOptions.parse(new String[] {
                "--target", "robot", "--url", TestGateway.url() + "/dingtalk/apps/test/robot", "--app-secret", TestGateway.APP_SECRET,
                "--count", "300", "--concurrency", "8"}));
        assertThat(r.errors()).isEmpty();
        assertThat(r.ok()).isEqualTo(300);
        assertThat(TestGateway.robotMessages).hasSize(300);
        assertThat(TestGateway.rejected).isEmpty();
    }

    @Test
    void eventsTargetChecksTheEncryptedSuccessReply() {
        String[] args = {"--target", "events", "--url", TestGateway.url() + "/dingtalk/apps/test/events",
                "--app-key", TestGateway.APP_KEY, "--app-secret", TestGateway.APP_SECRET, "--token", TestGateway.TOKEN,
                "--aes-key", TestGateway.AES_KEY, "--owner-key", TestGateway.OWNER_KEY, "--count", "300", "--concurrency", "8"};
        LoadReport good = LoadGenerator.run(LoadOptions.parse(args));
        assertThat(good.errors()).isEmpty();
        assertThat(good.ok()).isEqualTo(300);
        assertThat(TestGateway.events).hasSize(300).allSatisfy(e -> assertThat(e.eventType()).isEqualTo("chat_update_title"));

        TestGateway.mode = TestGateway.Mode.WRONG_REPLY;
        LoadReport bad = LoadGenerator.run(LoadOptions.parse(args));
        assertThat(bad.ok()).isZero();
        assertThat(bad.errors()).containsEntry("bad_reply", 300L);
    }

    @Test
    void commandLinePrintsAReportAndUsageOnBadOptions() {
        Sim.G g = Sim.group("load-cli");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = LoadGenerator.run(new String[] {"--target", "webhook", "--url", g.webhook(), "--count", "10", "--json"},
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"requests\":10").contains("\"ok\":10").contains("p99Ms");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(LoadGenerator.run(new String[] {"--target", "nowhere"}, new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--target").contains("usage:");
    }
}
