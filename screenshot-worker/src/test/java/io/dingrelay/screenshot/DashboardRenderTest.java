package io.dingrelay.screenshot;

import static io.dingrelay.screenshot.TestSupport.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.dingrelay.screenshot.service.DashboardPage;
import io.dingrelay.screenshot.service.ImageStore;
import io.dingrelay.testkit.KafkaResource;
import io.dingrelay.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Dashboards end to end with the real Chromium: the page, its pixels, content addressing, caching, bad input and
 * the timeout path.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "topics", value = "screenshot.requests,screenshot.ready"))
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "database", value = "screenshot_worker"))
class DashboardRenderTest {

    static final int LINE = Integer.parseInt(DashboardPage.LINE_COLOURS.get(0).substring(1), 16);
    static final int BAR = Integer.parseInt(DashboardPage.BAR_COLOUR.substring(1), 16);

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    static void points(String dataset, String csv) {
        admin().contentType("text/csv; charset=utf-8").body(csv).when().post("/api/datasets/" + dataset + "/points")
                .then().statusCode(200);
    }

    static void dashboard(String id, String dataset) {
        admin().contentType("application/json").body("""
                {"id":"%s","title":"疫情每日简报","dataset":"%s","width":800,"height":600,
                 "labels":{"confirmed":"确诊","cured":"治愈"},
                 "charts":[{"type":"headline","metrics":["confirmed","cured"]},
                           {"type":"line","metrics":["confirmed"],"days":7},
                           {"type":"bar","metrics":["confirmed"]}]}""".formatted(id, dataset))
                .when().post("/api/dashboards").then().statusCode(201)
                .header("Location", containsString("/api/dashboards/" + id))
                .body("version", equalTo(1));
    }

    static String weekOf(String... regions) {
        StringBuilder csv = new StringBuilder("date,region,confirmed,cured\n");
        for (int d = 1; d <= 7; d++) {
            for (int r = 0; r < regions.length; r++) {
                csv.append("2026-11-2").append(d + 2).append(',').append(regions[r]).append(',')
                        .append(100 * (r + 1) + d * 20 * (regions.length - r)).append(',').append(10 * d).append('\n');
            }
        }
        return csv.toString();
    }

    static JsonPath snapshot(String id) {
        return admin().contentType("application/json").body("{}").when().post("/api/dashboards/" + id + "/snapshots")
                .then().statusCode(200).extract().jsonPath();
    }

    static byte[] image(String sha) {
        return given().when().get("/images/" + sha + ".png").then().statusCode(200)
                .contentType("image/png")
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .header("ETag", "\"" + sha + "\"")
                .extract().asByteArray();
    }

    @Test
    void thePageIsServedWithItsOwnEchartsAndAReadyMarker() {
        points("page-ds", weekOf("湖北", "广东"));
        dashboard("page", "page-ds");
        String html = given().when().get("/dashboards/page").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("疫情每日简报"))
                .body(containsString("data-version=\"v1.r1\""))
                .body(containsString("body.dataset.ready = '1'"))
                .body(containsString("animation: false"))
                .extract().asString();
        assertThat(html).doesNotContain("cdn").doesNotContain("https://");
        String echarts = html.replaceAll("(?s).*<script src=\"([^\"]+)\".*", "$1");
        assertThat(echarts).startsWith("/_static/echarts/").endsWith("/echarts.common.min.js");
        given().when().get(echarts).then().statusCode(200).body(containsString("echarts"));
        given().when().get("/dashboards/no-such").then().statusCode(404).body(containsString("Unknown dashboard"));
    }

    @Test
    void aRenderedDashboardShowsTheChartsAndAnEmptyOneSaysSo() {
        points("chart-ds", weekOf("湖北", "广东", "浙江"));
        dashboard("chart", "chart-ds");
        admin().when().put("/api/datasets/empty-ds").then().statusCode(201);
        dashboard("empty", "empty-ds");

        JsonPath shot = snapshot("chart");
        assertThat(shot.getString("imageUrl")).isEqualTo("https://img.dingrelay.test/images/" + shot.getString("sha256") + ".png");
        assertThat(shot.getString("dataVersion")).isEqualTo("v1.r1");
        assertThat(shot.getBoolean("cached")).isFalse();
        byte[] png = image(shot.getString("sha256"));
        assertThat(ImageStore.sha256(png)).isEqualTo(shot.getString("sha256"));
        BufferedImage chart = TestSupport.png(png);
        assertThat(chart.getWidth()).isEqualTo(800);
        assertThat(chart.getHeight()).isEqualTo(600);

        given().when().get("/dashboards/empty").then().statusCode(200).body(containsString("暂无数据"));
        BufferedImage empty = TestSupport.png(image(snapshot("empty").getString("sha256")));

        // The line (3 px wide over 7 days) and the bars in their fixed colours are there; the empty page has neither,
        // and it is not blank either (title and the "no data" line are drawn).
        assertThat(TestSupport.pixelsOf(chart, LINE, 12)).as("line pixels").isGreaterThan(800);
        assertThat(TestSupport.pixelsOf(chart, BAR, 12)).as("bar pixels").isGreaterThan(3000);
        assertThat(TestSupport.pixelsOf(empty, LINE, 12)).isZero();
        assertThat(TestSupport.pixelsOf(empty, BAR, 12)).isZero();
        assertThat(TestSupport.nonWhite(empty)).as("title and 'no data' text").isGreaterThan(500);
        // The bars stand in the lower part of the page, the line above them: the layout, not just colours somewhere.
        assertThat(TestSupport.pixelsOf(chart.getSubimage(0, 400, 800, 200), BAR, 12)).isGreaterThan(3000);
        assertThat(TestSupport.pixelsOf(chart.getSubimage(0, 100, 800, 300), LINE, 12)).isGreaterThan(800);
    }

    @Test
    void theSameDataGivesTheSameUrlAndNewDataANewOne() {
        points("addr-ds", weekOf("湖北", "广东"));
        dashboard("addr", "addr-ds");
        double rendersBefore = TestSupport.renders("ok");

        JsonPath first = snapshot("addr");
        JsonPath again = snapshot("addr");
        assertThat(again.getString("imageUrl")).isEqualTo(first.getString("imageUrl"));
        assertThat(again.getBoolean("cached")).isTrue();
        assertThat(TestSupport.renders("ok")).as("rendered once").isEqualTo(rendersBefore + 1);

        // Posting the same points again changes nothing: same version, same picture.
        points("addr-ds", weekOf("湖北", "广东"));
        assertThat(snapshot("addr").getString("imageUrl")).isEqualTo(first.getString("imageUrl"));

        points("addr-ds", "date,region,confirmed\n2026-11-30,湖北,900\n");
        JsonPath changed = snapshot("addr");
        assertThat(changed.getString("dataVersion")).isEqualTo("v1.r2");
        assertThat(changed.getString("imageUrl")).isNotEqualTo(first.getString("imageUrl"));
        assertThat(changed.getBoolean("cached")).isFalse();
        // The old picture stays served: groups that got it still see it.
        image(first.getString("sha256"));

        // A forced re-render of unchanged data draws the same pixels, so the same URL.
        JsonPath forced = admin().contentType("application/json").body("{\"force\":true}")
                .when().post("/api/dashboards/addr/snapshots").then().statusCode(200).extract().jsonPath();
        assertThat(forced.getBoolean("cached")).isFalse();
        assertThat(forced.getString("imageUrl")).isEqualTo(changed.getString("imageUrl"));
    }

    @Test
    void imagesAnswerConditionalRequestsAndUnknownOnes404() {
        points("etag-ds", weekOf("北京"));
        dashboard("etag", "etag-ds");
        String sha = snapshot("etag").getString("sha256");
        given().header("If-None-Match", "\"" + sha + "\"").when().get("/images/" + sha + ".png").then().statusCode(304);
        given().when().get("/images/" + "0".repeat(64) + ".png").then().statusCode(404);
        given().when().get("/images/../../etc/passwd.png").then().statusCode(404);
    }

    @Test
    void badDashboardsAndSnapshotsAreRefusedNamingTheField() {
        admin().contentType("application/json").body("{\"title\":\"x\",\"dataset\":\"nope-ds\",\"charts\":[{\"type\":\"line\",\"metrics\":[\"a\"]}]}")
                .when().post("/api/dashboards").then().statusCode(400)
                .body("field", equalTo("dataset")).body("message", startsWith("unknown dataset 'nope-ds'"));
        admin().when().put("/api/datasets/v-ds").then().statusCode(201);
        admin().contentType("application/json").body("{\"title\":\"x\",\"dataset\":\"v-ds\",\"charts\":[{\"type\":\"pie\",\"metrics\":[\"a\"]}]}")
                .when().post("/api/dashboards").then().statusCode(400).body("field", equalTo("charts[0].type"));
        admin().contentType("application/json").body("{\"title\":\"x\",\"dataset\":\"v-ds\",\"width\":50000,\"charts\":[{\"type\":\"bar\",\"metrics\":[\"a\"]}]}")
                .when().post("/api/dashboards").then().statusCode(400).body("field", equalTo("width"));
        admin().contentType("application/json").body("{\"title\":\"x\",\"url\":\"file:///etc/passwd\"}")
                .when().post("/api/dashboards").then().statusCode(400).body("field", equalTo("url"));
        admin().contentType("application/json").body("{\"title\":\"x\",\"dataset\":\"v-ds\",\"charts\":[{\"type\":\"bar\",\"metrics\":[\"a\"]}],\"id\":\"dup\"}")
                .when().post("/api/dashboards").then().statusCode(201);
        admin().contentType("application/json").body("{\"title\":\"x\",\"dataset\":\"v-ds\",\"charts\":[{\"type\":\"bar\",\"metrics\":[\"a\"]}],\"id\":\"dup\"}")
                .when().post("/api/dashboards").then().statusCode(409);
        admin().contentType("application/json").body("{\"height\":99999}").when().post("/api/dashboards/dup/snapshots")
                .then().statusCode(400).body("field", equalTo("height"));
        admin().contentType("application/json").body("{}").when().post("/api/dashboards/no-such/snapshots")
                .then().statusCode(404).body("message", equalTo("unknown dashboard 'no-such'"));
    }

    @Test
    void aNewDefinitionIsANewVersion() {
        points("ver-ds", weekOf("湖北"));
        dashboard("ver", "ver-ds");
        String before = snapshot("ver").getString("imageUrl");
        admin().contentType("application/json").body("""
                {"title":"只有折线","dataset":"ver-ds","charts":[{"type":"line","metrics":["confirmed"]}]}""")
                .when().put("/api/dashboards/ver").then().statusCode(200).body("version", equalTo(2));
        JsonPath after = snapshot("ver");
        assertThat(after.getString("dataVersion")).isEqualTo("v2.r1");
        assertThat(after.getString("imageUrl")).isNotEqualTo(before);
    }

    @Test
    void anExternalPageThatNeverBecomesReadyTimesOutAndIsCounted() {
        admin().contentType("application/json").body("""
                {"id":"never","title":"never ready","url":"http://127.0.0.1:%d/test-pages/never-ready.html",
                 "readySelector":"body[data-ready]","width":400,"height":300}""".formatted(port))
                .when().post("/api/dashboards").then().statusCode(201);
        double timeoutsBefore = TestSupport.renders("timeout");
        admin().contentType("application/json").body("{}").when().post("/api/dashboards/never/snapshots").then()
                .statusCode(504).body("error", equalTo("render_timeout"))
                .body("message", containsString("not ready within 5000 ms"));
        assertThat(TestSupport.renders("timeout")).isEqualTo(timeoutsBefore + 1);
        // The page was recycled and the pool still renders.
        points("after-ds", weekOf("湖北"));
        dashboard("after", "after-ds");
        snapshot("after");
    }

    @Test
    void anExternalPageIsRenderedAsItIs() {
        admin().contentType("application/json").body("""
                {"id":"ext","title":"external","url":"http://127.0.0.1:%d/test-pages/never-ready.html","width":400,"height":300}"""
                .formatted(port))
                .when().post("/api/dashboards").then().statusCode(201);
        JsonPath shot = snapshot("ext");
        assertThat(shot.getString("dataVersion")).startsWith("v1.t");
        assertThat(TestSupport.nonWhite(TestSupport.png(image(shot.getString("sha256"))))).isGreaterThan(100);
        given().redirects().follow(false).when().get("/dashboards/ext").then().statusCode(303)
                .header("Location", containsString("/test-pages/never-ready.html"));
    }

    @Test
    void retentionForgetsOldRendersButKeepsEachDashboardsNewest() throws Exception {
        points("ret-ds", weekOf("湖北"));
        dashboard("ret", "ret-ds");
        String old = snapshot("ret").getString("sha256");
        points("ret-ds", "date,region,confirmed\n2026-11-30,湖北,1\n");
        String newest = snapshot("ret").getString("sha256");
        assertThat(newest).isNotEqualTo(old);

        // As if a year had passed: the old render goes, the newest stays; files of forgotten renders are deleted.
        admin().queryParam("asOf", java.time.Instant.now().plus(java.time.Duration.ofDays(365)).toString())
                .when().post("/api/images/cleanup").then().statusCode(200)
                .body("renders", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        given().when().get("/images/" + old + ".png").then().statusCode(404);
        image(newest);
        assertThat(Files.exists(Path.of("target/test-images", newest + ".png"))).isTrue();
    }

    @Test
    void unknownTokenStillCannotRender() {
        given().contentType("application/json").body("{}").when().post("/api/dashboards/chart/snapshots").then()
                .statusCode(401).body("error", not(equalTo("ok")));
    }
}
