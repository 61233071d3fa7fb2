package io.dingrelay.screenshot;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.dingrelay.testkit.KafkaResource;
import io.dingrelay.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The worker starts against a real broker and database with a real Chromium: ready, measured, guarded. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "topics", value = "screenshot.requests,screenshot.ready"))
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "database", value = "screenshot_worker"))
class ScreenshotWorkerTest {

    @Test
    void readyWithKafkaAndChromiumChecksUp() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Kafka connection health check"))
                .body("checks.find { it.name == 'Chromium renderer' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Chromium renderer' }.data.detail", containsString("Chromium 1"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void adminApisNeedTheBearerToken() {
        given().when().get("/api/dashboards").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("error", equalTo("unauthorized"));
        given().header("Authorization", "Bearer wrong").when().get("/api/datasets").then().statusCode(401)
                .body("message", equalTo("wrong admin token"));
        given().header("Authorization", "Bearer wrong").contentType("application/json").body("[]")
                .when().post("/api/datasets/x/points").then().statusCode(401);
        TestSupport.admin().when().get("/api/dashboards").then().statusCode(200);
    }
}
