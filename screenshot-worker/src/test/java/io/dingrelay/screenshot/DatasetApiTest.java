package io.dingrelay.screenshot;

import static io.dingrelay.screenshot.TestSupport.admin;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.dingrelay.testkit.KafkaResource;
import io.dingrelay.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Ingestion as JSON and CSV into PostgreSQL, refusals naming the row, reading back, latest figures as variables. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "topics", value = "screenshot.requests,screenshot.ready"))
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "database", value = "screenshot_worker"))
class DatasetApiTest {

    @Test
    void jsonPointsAreStoredAndReadBack() {
        admin().contentType("application/json").body("""
                {"points":[
                  {"date":"2026-11-29","region":"湖北","metric":"confirmed","value":100},
                  {"date":"2026-11-30","region":"湖北","metric":"confirmed","value":130},
                  {"date":"2026-11-30","region":"广东","values":{"confirmed":40,"cured":12.5}}
                ]}""")
                .when().post("/api/datasets/json-ds/points").then().statusCode(200)
                .body("dataset", equalTo("json-ds"))
                .body("received", equalTo(4))
                .body("changed", equalTo(4))
                .body("revision", equalTo(1));

        admin().when().get("/api/datasets/json-ds").then().statusCode(200)
                .body("revision", equalTo(1))
                .body("count", equalTo(4))
                .body("points.find { it.region == '广东' && it.metric == 'cured' }.value", equalTo(12.5f))
                .body("points.find { it.region == '湖北' && it.day == '2026-11-30' }.value", equalTo(130));
        admin().queryParam("metric", "confirmed").queryParam("region", "湖北").queryParam("from", "2026-11-30")
                .when().get("/api/datasets/json-ds").then().statusCode(200)
                .body("points.value", contains(130));
    }

    @Test
    void csvInWideAndLongFormIsStored() {
        admin().contentType("text/csv; charset=utf-8").body("""
                date,region,confirmed,suspected
                2026-11-29,"浙江",10,3
                2026-11-30,浙江,15,
                """)
                .when().post("/api/datasets/csv-ds/points").then().statusCode(200)
                .body("received", equalTo(3)).body("revision", equalTo(1));
        admin().contentType("text/csv; charset=utf-8").body("date,metric,value\n2026-11-30,deaths,1\n")
                .when().post("/api/datasets/csv-ds/points").then().statusCode(200)
                .body("received", equalTo(1)).body("revision", equalTo(2));
        admin().when().get("/api/datasets/csv-ds").then().statusCode(200)
                .body("count", equalTo(4))
                .body("points.find { it.metric == 'deaths' }.region", equalTo("total"));
    }

    @Test
    void badRowsAreRefusedWithTheirNumbersAndNothingIsStored() {
        admin().contentType("application/json").body("[{\"date\":\"2026-11-30\",\"metric\":\"confirmed\",\"value\":1}]")
                .when().post("/api/datasets/bad-ds/points").then().statusCode(200).body("revision", equalTo(1));

        admin().contentType("application/json").body("""
                [{"date":"2026-11-30","metric":"confirmed","value":2},
                 {"date":"2026-13-01","metric":"confirmed","value":3},
                 {"date":"2026-12-01","metric":"confirmed","value":"many"}]""")
                .when().post("/api/datasets/bad-ds/points").then().statusCode(400)
                .body("error", equalTo("invalid_points"))
                .body("message", equalTo("2 rows are invalid; nothing was stored"))
                .body("rows", hasSize(2))
                .body("rows[0].row", equalTo(2)).body("rows[0].field", equalTo("date"))
                .body("rows[0].value", equalTo("2026-13-01")).body("rows[0].message", equalTo("not a date (yyyy-MM-dd)"))
                .body("rows[1].row", equalTo(3)).body("rows[1].field", equalTo("confirmed"))
                .body("rows[1].message", equalTo("not a number"));

        admin().contentType("text/csv; charset=utf-8").body("date,region,confirmed\n2026-11-30,北京,7\n30/11/2026,上海,x\n")
                .when().post("/api/datasets/bad-ds/points").then().statusCode(400)
                .body("rows.row", contains(3, 3))
                .body("rows.field", contains("date", "confirmed"));

        // The valid first row of the refused request was not stored either.
        admin().when().get("/api/datasets/bad-ds").then().statusCode(200)
                .body("revision", equalTo(1)).body("count", equalTo(1)).body("points[0].value", equalTo(1));
    }

    @Test
    void malformedBodiesAndNamesAreRefused() {
        admin().contentType("application/json").body("{not json").when().post("/api/datasets/m-ds/points").then()
                .statusCode(400).body("rows[0].field", equalTo("body"));
        admin().contentType("text/csv; charset=utf-8").body("region,confirmed\nx,1\n").when().post("/api/datasets/m-ds/points").then()
                .statusCode(400).body("rows[0].message", equalTo("the header has no date column"));
        admin().contentType("application/json").body("[]").when().post("/api/datasets/Bad Name/points").then()
                .statusCode(400).body("field", equalTo("name"));
        admin().when().get("/api/datasets/never-created").then().statusCode(404)
                .body("message", equalTo("unknown dataset 'never-created'"));
        // A NUL reached PostgreSQL and was a 500 (found by the reliability drill's fuzzer): now a 400 naming where.
        admin().urlEncodingEnabled(false).when().get("/api/dashboards/%00").then().statusCode(400)
                .body("field", equalTo("path"));
        admin().urlEncodingEnabled(false).when().get("/dashboards/x%00").then().statusCode(400)
                .body("field", equalTo("path"));
    }

    @Test
    void thesameDataTwiceKeepsTheRevision() {
        String body = "[{\"date\":\"2026-11-30\",\"metric\":\"confirmed\",\"value\":5}]";
        admin().contentType("application/json").body(body).when().post("/api/datasets/same-ds/points").then()
                .statusCode(200).body("revision", equalTo(1)).body("changed", equalTo(1));
        admin().contentType("application/json").body(body).when().post("/api/datasets/same-ds/points").then()
                .statusCode(200).body("revision", equalTo(1)).body("changed", equalTo(0));
        admin().contentType("application/json").body(body.replace("5", "6")).when().post("/api/datasets/same-ds/points")
                .then().statusCode(200).body("revision", equalTo(2)).body("changed", equalTo(1));
    }

    @Test
    void latestFiguresAreTemplateVariables() {
        admin().contentType("text/csv; charset=utf-8").body("""
                date,region,confirmed,cured
                2026-11-29,湖北,100,10
                2026-11-29,广东,50,5
                2026-11-30,湖北,120,20
                2026-11-30,广东,45,9
                """).when().post("/api/datasets/latest-ds/points").then().statusCode(200);
        admin().when().get("/api/datasets/latest-ds/latest").then().statusCode(200)
                .body("day", equalTo("2026-11-30"))
                .body("metrics.confirmed.value", equalTo(165))
                .body("metrics.confirmed.previous", equalTo(150))
                .body("metrics.confirmed.delta", equalTo(15))
                .body("metrics.confirmed.regions.湖北", equalTo(120))
                .body("variables.'latest-ds.confirmed'", equalTo("165"))
                .body("variables.'latest-ds.confirmed.delta'", equalTo("+15"))
                .body("variables.'latest-ds.cured.delta'", equalTo("+14"))
                .body("variables.'latest-ds.confirmed.广东'", equalTo("45"))
                .body("variables.'latest-ds.day'", equalTo("2026-11-30"));
        admin().when().put("/api/datasets/empty-latest").then().statusCode(201);
        admin().when().get("/api/datasets/empty-latest/latest").then().statusCode(200)
                .body("revision", equalTo(0)).body("metrics.size()", equalTo(0));
    }
}
