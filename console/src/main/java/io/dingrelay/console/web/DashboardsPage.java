package io.dingrelay.console.web;

import static io.dingrelay.console.client.ServiceClient.enc;
import static io.dingrelay.console.client.ServiceClient.query;

import io.dingrelay.console.client.Answer;
import io.dingrelay.console.client.Service;
import io.dingrelay.console.client.ServiceClient;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * screenshot-worker's datasets and dashboards: both lists, a dataset's latest figures and one day's points with a
 * form to change a figure (or paste CSV), and a dashboard with its current picture. The picture is the worker's
 * {@code POST /api/dashboards/{id}/snapshots}: rendered once per dashboard and data version, so opening the page
 * again costs no render until the data changes.
 */
@Path("/")
public class DashboardsPage {

    private final Template dashboards;
    private final Template dashboard;
    private final Template dataset;
    private final ServiceClient client;
    private final Web web;

    public DashboardsPage(@Location("dashboards.html") Template dashboards, @Location("dashboard.html") Template dashboard,
            @Location("dataset.html") Template dataset, ServiceClient client, Web web) {
        this.dashboards = dashboards;
        this.dashboard = dashboard;
        this.dataset = dataset;
        this.client = client;
        this.web = web;
    }

    @GET
    @Path("dashboards")
    public Uni<Response> list() {
        return Uni.combine().all().unis(client.get(Service.SCREENSHOT_WORKER, "/api/datasets"),
                        client.get(Service.SCREENSHOT_WORKER, "/api/dashboards"))
                .asTuple().chain(t -> web.html(dashboards.data("nav", "dashboards")
                        .data("datasets", t.getItem1().list()).data("datasetsProblem", t.getItem1().ok() ? null : t.getItem1().problem())
                        .data("items", t.getItem2().list()).data("dashboardsProblem", t.getItem2().ok() ? null : t.getItem2().problem())));
    }

    @GET
    @Path("dashboards/{id}")
    public Uni<Response> one(@RestPath String id) {
        String base = "/api/dashboards/" + enc(id);
        return client.get(Service.SCREENSHOT_WORKER, base).chain(d -> {
            if (!d.ok()) {
                return web.html(dashboard.data("nav", "dashboards").data("id", id).data("d", Map.of())
                        .data("problem", d.notFound() ? "screenshot-worker has no dashboard " + id : d.problem())
                        .data("snapshot", null).data("imageProblem", null));
            }
            return client.json(Service.SCREENSHOT_WORKER, HttpMethod.POST, base + "/snapshots", Map.of())
                    .chain(s -> web.html(dashboard.data("nav", "dashboards").data("id", id).data("d", d.map()).data("problem", null)
                            .data("snapshot", s.ok() ? s.map() : null)
                            .data("imageProblem", s.ok() ? null : "The picture could not be rendered: " + s.problem())));
        });
    }

    @GET
    @Path("datasets/{name}")
    public Uni<Response> dataset(@RestPath String name, @RestQuery String day) {
        return datasetPage(200, name, day, Map.of(), Map.of(), null, null);
    }

    /**
     * One figure (day, region, metric, value) or pasted CSV, posted as points; the worker stores all or none and
     * names each bad row, shown here with the form kept.
     */
    @POST
    @Path("datasets/{name}/points")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> points(@RestPath String name, FormBody submitted) {
        String date = submitted.get("date");
        String region = submitted.get("region");
        String metric = submitted.get("metric");
        String value = submitted.get("value");
        String csv = submitted.get("csv");
        String csrf = submitted.get("_csrf");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("date", GroupsPage.nz(date).strip());
        form.put("region", GroupsPage.nz(region).strip());
        form.put("metric", GroupsPage.nz(metric).strip());
        form.put("value", GroupsPage.nz(value).strip());
        form.put("csv", GroupsPage.nz(csv).replace("\r\n", "\n"));
        String back = "/datasets/" + enc(name);
        return web.once(csrf, back, f -> {
            boolean pasted = !form.get("csv").isBlank();
            Map<String, String> errors = pasted ? Map.of() : checkFigure(form);
            if (!errors.isEmpty()) {
                return datasetPage(422, name, form.get("date"), form, errors, null, null);
            }
            Uni<Answer> sent = pasted
                    ? client.raw(Service.SCREENSHOT_WORKER, HttpMethod.POST, "/api/datasets/" + enc(name) + "/points",
                            "text/csv; charset=utf-8", form.get("csv"))
                    : client.json(Service.SCREENSHOT_WORKER, HttpMethod.POST, "/api/datasets/" + enc(name) + "/points",
                            List.of(Map.of("date", form.get("date"), "region", form.get("region").isEmpty() ? "total" : form.get("region"),
                                    "metric", form.get("metric"), "value", new BigDecimal(form.get("value")))));
            return sent.chain(a -> {
                if (a.ok()) {
                    Map<String, Object> r = a.map();
                    return Uni.createFrom().item(web.redirect(back + (pasted ? "" : "?day=" + enc(form.get("date"))),
                            "Stored: " + r.get("received") + " received, " + r.get("changed") + " changed, revision " + r.get("revision")));
                }
                if (a.status() == 400 || a.status() == 422) {
                    Object rows = a.map().get("rows");
                    Map<String, String> refused = new LinkedHashMap<>();
                    if (!pasted && rows instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> row) {
                        refused.put(figureField(String.valueOf(row.get("field"))), String.valueOf(row.get("message")));
                    } else if (!(rows instanceof List<?>)) {
                        refused.put(pasted ? "csv" : figureField(a.field()), a.reason());
                    }
                    // Only the form that was submitted is shown again as typed (the other keeps its defaults).
                    return datasetPage(422, name, pasted ? null : form.get("date"), pasted ? Map.of("csv", form.get("csv")) : form, refused,
                            rows instanceof List<?> l ? List.copyOf(l) : null, a.reason());
                }
                return datasetPage(a.pageStatus(), name, null, pasted ? Map.of("csv", form.get("csv")) : form, Map.of(), null, "Not stored: " + a.problem());
            });
        });
    }

    private Uni<Response> datasetPage(int code, String name, String day, Map<String, String> form, Map<String, String> errors,
            List<Object> refusedRows, String refusal) {
        String base = "/api/datasets/" + enc(name);
        return client.get(Service.SCREENSHOT_WORKER, base + "/latest").chain(latest -> {
            String shownDay = day != null && !day.isBlank() ? day.strip()
                    : latest.ok() && latest.map().get("day") != null ? latest.map().get("day").toString() : null;
            Uni<Answer> points = shownDay == null ? Uni.createFrom().item((Answer) null)
                    : client.get(Service.SCREENSHOT_WORKER, base + query("from", shownDay, "to", shownDay));
            return points.chain(p -> {
                String problem = latest.ok() ? null : latest.notFound() ? "screenshot-worker has no dataset " + name : latest.problem();
                Map<String, String> fields = new LinkedHashMap<>(Map.of("date", shownDay == null ? "" : shownDay,
                        "region", "", "metric", "", "value", "", "csv", ""));
                fields.putAll(form);
                Map<String, String> allErrors = new LinkedHashMap<>(errors);
                if (p != null && !p.ok() && p.status() == 400) {
                    allErrors.put("day", p.reason());
                }
                return web.html(code, dataset.data("nav", "dashboards").data("name", name).data("problem", problem)
                        .data("latest", latest.ok() ? latest.map() : Map.of()).data("day", shownDay)
                        .data("points", p != null && p.ok() ? p.map().getOrDefault("points", List.of()) : List.of())
                        .data("pointsProblem", p != null && !p.ok() && p.status() != 400 ? p.problem() : null)
                        .data("form", fields).data("errors", allErrors).data("refusedRows", refusedRows).data("refusal", refusal));
            });
        });
    }

    /** The figure form checked before it is sent: a clear word per box, nothing half-written. */
    static Map<String, String> checkFigure(Map<String, String> form) {
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            LocalDate.parse(form.get("date"));
        } catch (DateTimeParseException e) {
            errors.put("date", "not a date (yyyy-MM-dd): '" + form.get("date") + "'");
        }
        if (form.get("metric").isEmpty()) {
            errors.put("metric", "which metric (e.g. confirmed)?");
        }
        try {
            new BigDecimal(form.get("value"));
        } catch (NumberFormatException e) {
            errors.put("value", "not a number: '" + form.get("value") + "'");
        }
        return errors;
    }

    /** The worker's row field → the figure form's box (a metric's own name is its value). */
    static String figureField(String field) {
        if (field == null) {
            return "value";
        }
        return switch (field) {
            case "date", "day" -> "date";
            case "region" -> "region";
            case "metric" -> "metric";
            default -> "value";
        };
    }
}
