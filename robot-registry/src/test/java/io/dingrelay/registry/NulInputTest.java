package io.dingrelay.registry;

import static io.dingrelay.registry.Api.admin;
import static org.hamcrest.Matchers.equalTo;

import io.dingrelay.testkit.KafkaResource;
import io.dingrelay.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * The NUL character (U+0000) anywhere a caller controls is refused with 400, never a 500: the reliability drill's
 * fuzzer (deploy/local FuzzScenario) got 500 for {@code GET /api/groups/%00} and {@code DELETE /api/groups/%00},
 * because PostgreSQL refused the text ("invalid byte sequence for encoding UTF8: 0x00"). The registry still serves.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
class NulInputTest {

    @Test
    void aNulInTheGroupIdIsABadRequestNotAFailure() {
        admin().urlEncodingEnabled(false).get("/api/groups/%00").then().statusCode(400)
                .body("error", equalTo("invalid")).body("field", equalTo("path"));
        admin().urlEncodingEnabled(false).delete("/api/groups/g%00x").then().statusCode(400).body("field", equalTo("path"));
        admin().urlEncodingEnabled(false).contentType(ContentType.JSON).body("{\"title\":\"x\"}")
                .patch("/api/groups/%00").then().statusCode(400).body("field", equalTo("path"));
    }

    @Test
    void aNulInAQueryParameterNamesTheParameter() {
        admin().urlEncodingEnabled(false).get("/api/groups?limit=5&after=%00").then().statusCode(400).body("field", equalTo("after"));
        admin().urlEncodingEnabled(false).get("/api/groups?openConversationId=cid%00").then().statusCode(400)
                .body("field", equalTo("openConversationId"));
        admin().urlEncodingEnabled(false).get("/api/audience?tags=a%00").then().statusCode(400).body("field", equalTo("tags"));
        // %2500 is the text "%00", not a NUL: an ordinary (unknown) id.
        admin().urlEncodingEnabled(false).get("/api/groups/%2500").then().statusCode(404);
    }

    @Test
    void aNulInsideAJsonStringIsABadRequest() {
        admin().contentType(ContentType.JSON).body("{\"title\":\"a\\u0000b\",\"webhook\":\"" + Api.webhook(Api.token()) + "\"}")
                .post("/api/groups").then().statusCode(400).body("error", equalTo("invalid"));
        admin().get("/api/groups?limit=1").then().statusCode(200);
    }
}
