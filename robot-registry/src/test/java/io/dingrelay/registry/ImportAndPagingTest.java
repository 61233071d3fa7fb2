package io.dingrelay.registry;

import static io.dingrelay.registry.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.dingrelay.testkit.KafkaResource;
import io.dingrelay.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Bulk import (report, all or nothing, limits) and keyset paging while rows are inserted. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
class ImportAndPagingTest {

    @Test
    void aCsvImportIsWrittenAndSeenInTheList() {
        String tag = Api.unique("csv");
        String existing = Api.token();
        String existingId = admin().contentType(ContentType.JSON).body(Map.of("title", "old", "webhook", Api.webhook(existing)))
                .post("/api/groups").then().statusCode(201).extract().path("id");
        String repeated = Api.token();
        String csv = "title,webhook,secret,tags\n"
                + "\"Ops, Beijing\"," + Api.webhook(repeated) + ",SEC0123456789abcdef," + tag + ";ops\n"
                + "Sales," + Api.webhook(Api.token()) + ",," + tag + "\n"
                + "Again," + Api.webhook(repeated) + ",," + tag + "\n"
                + "Old," + Api.webhook(existing) + ",," + tag + "\n";

        JsonPath report = admin().contentType("text/csv").body(csv).post("/api/groups/import").then().statusCode(200)
                .body("written", equalTo(true)).body("rows", equalTo(4)).body("accepted", equalTo(2))
                .body("rejected", hasSize(0)).extract().jsonPath();
        assertThat(report.getList("duplicates.line", Integer.class)).containsExactly(4, 5);
        assertThat(report.getString("duplicates[0].firstLine")).isEqualTo("2");
        assertThat(report.getString("duplicates[1].id")).isEqualTo(existingId);

        admin().get("/api/groups?tag=" + tag).then().statusCode(200)
                .body("items.title", equalTo(List.of("Ops, Beijing", "Sales")))
                .body("items[0].secret", equalTo("SEC…ef"));
    }

    @Test
    void oneBadRowAndNothingIsWritten() {
        String tag = Api.unique("nd");
        String good = "{\"title\":\"a\",\"webhook\":\"" + Api.webhook(Api.token()) + "\",\"tags\":[\"" + tag + "\"]}";
        String body = good + "\n{broken json\n"
                + "{\"title\":\"b\",\"webhook\":\"https://evil.example.com/robot/send?access_token=" + Api.token() + "\"}\n"
                + "{\"title\":\"c\",\"webhook\":\"" + Api.webhook(Api.token()) + "\",\"secret\":\"nope12345678\"}\n";

        JsonPath report = admin().contentType("application/x-ndjson").body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/groups/import").then()
                .statusCode(422).body("written", equalTo(false)).extract().jsonPath();

        assertThat(report.getList("rejected.line", Integer.class)).containsExactly(2, 3, 4);
        assertThat(report.getList("rejected.field", String.class)).containsExactly("line", "webhook", "secret");
        admin().get("/api/groups?tag=" + tag).then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void importsOverTheLimitAreRefused() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 2001; i++) {
            body.append("{\"title\":\"t\",\"webhook\":\"").append(Api.webhook(Api.token())).append("\"}\n");
        }
        admin().contentType("application/x-ndjson").body(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/groups/import").then()
                .statusCode(413).body("field", equalTo("body"));
        admin().contentType("text/csv").body("title,url\n").post("/api/groups/import").then().statusCode(400)
                .body("field", equalTo("header"));
    }

    @Test
    void keysetPagesHaveNoGapsOrRepeatsWhileRowsAreInserted() throws Exception {
        String tag = Api.unique("page");
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            body.append("{\"title\":\"p").append(i).append("\",\"webhook\":\"").append(Api.webhook(Api.token()))
                    .append("\",\"tags\":[\"").append(tag).append("\"]}\n");
        }
        admin().contentType("application/x-ndjson").body(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/groups/import").then().statusCode(200);
        Set<String> before = new HashSet<>(ids(tag, null, 1000));
        assertThat(before).hasSize(300);

        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Integer> inserter = CompletableFuture.supplyAsync(() -> {
            int n = 0;
            while (!stop.get() && n < 200) {
                admin().contentType(ContentType.JSON)
                        .body(Map.of("title", "late", "webhook", Api.webhook(Api.token()), "tags", List.of(tag)))
                        .post("/api/groups").then().statusCode(201);
                n++;
            }
            return n;
        });
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            JsonPath page = admin().get("/api/groups?tag=" + tag + "&limit=25" + (after == null ? "" : "&after=" + after))
                    .then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id", String.class));
            after = page.getString("next");
        } while (after != null);
        stop.set(true);
        int inserted = inserter.get();

        assertThat(new HashSet<>(seen)).hasSize(seen.size()).containsAll(before);
        assertThat(seen).isSorted();
        assertThat(inserted).isPositive();
    }

    private static List<String> ids(String tag, String after, int limit) {
        return admin().get("/api/groups?tag=" + tag + "&limit=" + limit).then().statusCode(200)
                .extract().jsonPath().getList("items.id", String.class);
    }
}
