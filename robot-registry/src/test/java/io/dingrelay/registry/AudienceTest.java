package io.dingrelay.registry;

import static io.dingrelay.registry.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.dingrelay.events.EventJson;
import io.dingrelay.events.registry.AudienceEntry;
import io.dingrelay.events.registry.GroupKind;
import io.dingrelay.keyring.KeyRing;
import io.dingrelay.testkit.KafkaResource;
import io.dingrelay.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dispatcher's audience stream (contract 5): ACTIVE only, id order, ciphertexts the key ring opens. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
class AudienceTest {

    @Inject
    KeyRing keyRing;

    @Test
    void streamsEveryActiveTargetAsNdjsonInIdOrder() {
        String tag = Api.unique("aud");
        String other = Api.unique("aud");
        StringBuilder body = new StringBuilder();
        String secretToken = Api.token();
        // 130 webhooks: more than two of the test profile's 50-row pages.
        for (int i = 0; i < 130; i++) {
            body.append("{\"title\":\"a").append(i).append("\",\"webhook\":\"").append(Api.webhook(i == 0 ? secretToken : Api.token()))
                    .append("\",").append(i == 0 ? "\"secret\":\"SEC0123456789abcdef\"," : "")
                    .append("\"tags\":[\"").append(i % 2 == 0 ? tag : other).append("\"]}\n");
        }
        admin().contentType("application/x-ndjson").body(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/groups/import").then().statusCode(200);
        String cid = Api.unique("cid");
        String openApiId = admin().contentType(ContentType.JSON).body(Map.of("kind", "COOL_APP", "app", "demo",
                "openConversationId", cid, "coolAppCode", "COOLAPP", "robotCode", "rc", "corpId", "corp1", "tags", List.of(tag)))
                .post("/api/groups").then().statusCode(201).extract().path("id");
        List<AudienceEntry> all = audience("tags=" + tag + "," + other);
        assertThat(all).hasSize(131);
        assertThat(all).extracting(e -> e.groupId().value()).isSorted();
        String paused = all.get(3).groupId().value();
        admin().contentType(ContentType.JSON).body(Map.of("status", "PAUSED")).patch("/api/groups/" + paused).then().statusCode(200);

        List<AudienceEntry> active = audience("tags=" + tag + "," + other);
        assertThat(active).hasSize(130).noneMatch(e -> e.groupId().value().equals(paused));
        AudienceEntry first = active.get(0);
        assertThat(first.kind()).isEqualTo(GroupKind.CUSTOM_WEBHOOK);
        assertThat(keyRing.decrypt(first.webhook().keyId(), first.webhook().urlCiphertext())).isEqualTo(Api.webhook(secretToken));
        assertThat(keyRing.decrypt(first.webhook().keyId(), first.webhook().secretCiphertext())).isEqualTo("SEC0123456789abcdef");

        AudienceEntry coolApp = audience("tags=" + tag + "&kind=COOL_APP").get(0);
        assertThat(coolApp.groupId().value()).isEqualTo(openApiId);
        assertThat(coolApp.webhook()).isNull();
        assertThat(coolApp.openApi().coolAppCode()).isEqualTo("COOLAPP");
        assertThat(coolApp.openApi().openConversationId().value()).isEqualTo(cid);
        assertThat(coolApp.corpId().value()).isEqualTo("corp1");

        // 65 webhooks and the cool app carry the tag
        assertThat(audience("tags=" + tag)).hasSize(66).allMatch(e -> e.tags().contains(tag));
        List<String> ids = active.stream().map(e -> e.groupId().value()).toList();
        assertThat(audience("groupIds=" + ids.get(5) + "," + ids.get(7) + "," + paused))
                .extracting(e -> e.groupId().value()).containsExactly(ids.get(5), ids.get(7));

        // keyset pages of the caller's choice
        List<AudienceEntry> page1 = audience("tags=" + tag + "," + other + "&limit=60");
        List<AudienceEntry> page2 = audience("tags=" + tag + "," + other + "&limit=100&after=" + page1.get(59).groupId());
        assertThat(page1).hasSize(60);
        assertThat(page2).hasSize(70);
        assertThat(concat(page1, page2)).isEqualTo(active);
    }

    @Test
    void badFiltersAreAnsweredNamingThem() {
        admin().get("/api/audience?tags=no-such-tag-" + Api.unique("x")).then().statusCode(400)
                .body("field", equalTo("tags")).body("message", containsString("no-such-tag-"));
        admin().get("/api/audience?kind=FAX").then().statusCode(400).body("field", equalTo("kind"));
        admin().get("/api/audience?limit=0").then().statusCode(400).body("field", equalTo("limit"));
    }

    static List<AudienceEntry> audience(String query) {
        String body = admin().get("/api/audience?" + query).then().statusCode(200)
                .contentType("application/x-ndjson").extract().asString();
        if (body.isEmpty()) {
            return List.of();
        }
        assertThat(body).endsWith("\n");
        return Arrays.stream(body.split("\n")).map(l -> EventJson.read(l, AudienceEntry.class)).toList();
    }

    private static List<AudienceEntry> concat(List<AudienceEntry> a, List<AudienceEntry> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
