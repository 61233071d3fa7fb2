package io.dingrelay.registry;

import static io.dingrelay.registry.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dingrelay.testkit.KafkaResource;
import io.dingrelay.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Registers, imports, fails, lists and streams with known tokens and secrets, then reads the registry's whole
 * log (the test profile writes it to target/registry-test.log, DEBUG for io.dingrelay) for any of them.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
class NoSecretsInLogsTest {

    @Test
    void noTokenOrSecretIsEverLogged() throws Exception {
        String token = Api.token();
        String secret = "SEC" + Api.token().substring(0, 30);
        String importToken = Api.token();
        String importSecret = "SEC" + Api.token().substring(10, 40);
        String tag = Api.unique("log");
        String id = admin().contentType(ContentType.JSON)
                .body(Map.of("title", "log", "webhook", Api.webhook(token), "secret", secret, "tags", List.of(tag)))
                .post("/api/groups").then().statusCode(201).extract().path("id");
        admin().contentType(ContentType.JSON).body(Map.of("title", "log", "webhook", Api.webhook(token), "secret", secret))
                .post("/api/groups").then().statusCode(409);
        admin().contentType(ContentType.JSON).body(Map.of("title", "log", "webhook", "https://evil.example.com/robot/send?access_token=" + token))
                .post("/api/groups").then().statusCode(400);
        admin().contentType(ContentType.JSON).body("{\"title\":\"x\",\"webhook\":\"" + Api.webhook(token) + "\" broken")
                .post("/api/groups").then().statusCode(400);
        admin().contentType("text/csv").body("title,webhook,secret,tags\nlog," + Api.webhook(importToken) + "," + importSecret
                + "," + tag + "\nbad,\"" + Api.webhook(Api.token()) + ",x\n").post("/api/groups/import").then().statusCode(422);
        admin().contentType("text/csv").body("title,webhook,secret,tags\nlog," + Api.webhook(importToken) + "," + importSecret
                + "," + tag + "\n").post("/api/groups/import").then().statusCode(200);
        admin().get("/api/groups?tag=" + tag).then().statusCode(200);
        admin().get("/api/groups/export").then().statusCode(200);
        admin().get("/api/audience?tags=" + tag).then().statusCode(200);
        admin().get("/api/groups/" + id).then().statusCode(200);

        Path log = Path.of("target/registry-test.log");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log)
                && Files.readString(log).contains("Imported 1 webhook groups"));
        String text = Files.readString(log);
        assertThat(text).contains("Registered webhook group " + id)
                .doesNotContain(token).doesNotContain(secret).doesNotContain(importToken).doesNotContain(importSecret)
                .doesNotContain("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
                .doesNotContain("ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=")
                .doesNotContain(Api.TOKEN);
    }
}
