package io.dingrelay.dispatcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dingrelay.dispatcher.persistence.Ledger;
import io.dingrelay.dispatcher.sending.DeliverySender;
import io.dingrelay.dispatcher.support.AudienceServer;
import io.dingrelay.dispatcher.support.DeliveryWorld;
import io.dingrelay.events.EventJson;
import io.dingrelay.events.ids.CampaignId;
import io.dingrelay.events.ids.RunId;
import io.dingrelay.events.push.DeliveryTarget;
import io.dingrelay.events.push.PushMessage;
import io.dingrelay.events.registry.AudienceEntry;
import io.dingrelay.events.registry.GroupKind;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A dispatcher SIGKILLed while sending leaves its deliveries SENDING; the restarted one reads the batch again before
 * the sending lease (60 s) has run out. The reliability drill found those groups never got the message (the batch was
 * acknowledged with the rows still SENDING). Now they are looked at again once the lease is over, and delivered once.
 */
@QuarkusTest
class HeldClaimTest {

    @Inject
    DeliverySender sender;

    @Inject
    Ledger ledger;

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + AudienceServer.TOKEN).contentType("application/json");
    }

    @Test
    void deliveriesHeldByADeadSendersClaimAreSentOnceTheLeaseIsOver() {
        List<AudienceEntry> groups = DeliveryWorld.groups(3, "held", GroupKind.CUSTOM_WEBHOOK, "none", List.of("held-claim"));
        String message = new JsonObject().put("msgtype", "text").put("text", new JsonObject().put("content", "通知 {{group.title}}")).encode();
        // A run of its own (to one other group): the deliveries below are added to its rows.
        DeliveryWorld.groups(1, "heldowner", GroupKind.CUSTOM_WEBHOOK, "none", List.of("held-claim-owner"));
        String campaign = admin().body("{\"name\":\"held\",\"message\":" + message + ",\"audience\":{\"tags\":[\"held-claim-owner\"]}}")
                .post("/api/campaigns").then().statusCode(201).extract().path("id");
        String runId = admin().post("/api/campaigns/" + campaign + "/runs").then().statusCode(202).extract().path("runId");
        RunId run = RunId.of(runId);
        List<String> ids = groups.stream().map(g -> g.groupId().value()).toList();
        ledger.insertPlanned(run, groups.stream().map(g -> new Ledger.Planned(g.groupId().value(), "held-b1", g.kind().name())).toList())
                .await().atMost(Duration.ofSeconds(30));
        // The sender that died: it claimed them (SENDING) and never answered.
        assertThat(ledger.claim(run, ids, Duration.ofSeconds(60)).await().atMost(Duration.ofSeconds(30))).hasSize(3);

        // The restarted sender reads the batch again, within the lease: it may not send now (the claim holds them)...
        PushMessage push = new PushMessage(EventJson.read(message, com.fasterxml.jackson.databind.JsonNode.class),
                EventJson.mapper().createObjectNode(), "Asia/Shanghai", Instant.now(), null);
        sender.send(run, CampaignId.of(campaign), "p0", push, groups.stream().map(DeliveryTarget::of).toList())
                .await().atMost(Duration.ofMinutes(1));
        assertThat(groups).allSatisfy(g -> assertThat(accepted(g)).isZero());

        // ...but once the lease is over each group gets the message, exactly once.
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> groups.stream().allMatch(g -> accepted(g) >= 1));
        assertThat(groups).allSatisfy(g -> assertThat(accepted(g)).as("messages accepted by %s", g.groupId().value()).isEqualTo(1L));
        // the ledger agrees: the run's owner group and the three
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> admin()
                .get("/api/runs/" + runId + "/deliveries?status=DELIVERED").then().statusCode(200).extract().jsonPath()
                .getList("deliveries").size() == 4);
    }

    static long accepted(AudienceEntry g) {
        return new JsonObject(DeliveryWorld.sim.get("/sim/groups/" + DeliveryWorld.simId(g.groupId().value()))).getLong("accepted");
    }
}
