package io.dingrelay.console.web;

import static io.dingrelay.console.client.ServiceClient.enc;
import static io.dingrelay.console.client.ServiceClient.query;

import io.dingrelay.console.client.Answer;
import io.dingrelay.console.client.Service;
import io.dingrelay.console.client.ServiceClient;
import io.dingrelay.console.config.ConsoleConfig;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Campaigns and their runs, from push-dispatcher: the list, one campaign with its capacity plan
 * ({@code GET /api/campaigns/{id}/plan}; "not available" when the dispatcher has none), pause/resume, run now
 * (the form token is the run's {@code Idempotency-Key}, so a double click is one run), and a run's live page.
 */
@Path("/")
public class CampaignsPage {

    static final List<String> DELIVERY_STATUSES = List.of("PLANNED", "SENDING", "DELIVERED", "THROTTLED",
            "RETRY_SCHEDULED", "FAILED", "DEAD_LETTERED");

    private final Template campaigns;
    private final Template campaign;
    private final Template run;
    private final ServiceClient client;
    private final ConsoleConfig config;
    private final DeadLetterReader deadLetters;
    private final Web web;

    public CampaignsPage(@Location("campaigns.html") Template campaigns, @Location("campaign.html") Template campaign,
            @Location("run.html") Template run, ServiceClient client, ConsoleConfig config, DeadLetterReader deadLetters, Web web) {
        this.campaigns = campaigns;
        this.campaign = campaign;
        this.run = run;
        this.client = client;
        this.config = config;
        this.deadLetters = deadLetters;
        this.web = web;
    }

    @GET
    @Path("campaigns")
    public Uni<Response> list() {
        Map<String, String> form = Map.of("msgtype", "markdown", "zone", "Asia/Shanghai", "title", "疫情日报",
                "text", "### {{date}} 疫情通报\n**新增确诊** 12 例\n> 请做好个人防护");
        return client.get(Service.DISPATCHER, "/api/campaigns?limit=200").chain(a -> web.html(campaigns
                .data("nav", "campaigns").data("problem", a.ok() ? null : a.problem()).data("items", a.list())
                .data("form", form).data("errors", Map.of())));
    }

    @GET
    @Path("campaigns/{id}")
    public Uni<Response> one(@RestPath String id) {
        String base = "/api/campaigns/" + enc(id);
        return Uni.combine().all().unis(client.get(Service.DISPATCHER, base), client.get(Service.DISPATCHER, base + "/plan"),
                        client.get(Service.DISPATCHER, base + "/runs?limit=20"))
                .asTuple().chain(t -> {
                    Answer c = t.getItem1();
                    Answer plan = t.getItem2();
                    String planNote = plan.ok() ? null : plan.notFound() || plan.status() == 405
                            ? "Capacity plan: not available (push-dispatcher has no plan for this campaign)" : plan.problem();
                    return web.html(campaign.data("nav", "campaigns").data("id", id)
                            .data("problem", c.ok() ? null : c.notFound() ? "push-dispatcher knows no campaign " + id : c.problem())
                            .data("c", c.map()).data("message", pretty(c.map().get("message")))
                            .data("plan", plan.ok() ? plan.map() : null).data("planNote", planNote)
                            .data("runs", t.getItem3().ok() ? t.getItem3().list() : List.of())
                            .data("runsProblem", t.getItem3().ok() ? null : t.getItem3().problem()));
                });
    }

    @POST
    @Path("campaigns/{id}/pause")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> pause(@RestPath String id, @RestForm("_csrf") String csrf) {
        return action(id, "pause", csrf, "Paused");
    }

    @POST
    @Path("campaigns/{id}/resume")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> resume(@RestPath String id, @RestForm("_csrf") String csrf) {
        return action(id, "resume", csrf, "Active again");
    }

    private Uni<Response> action(String id, String verb, String csrf, String done) {
        String back = "/campaigns/" + enc(id);
        return web.once(csrf, back, f -> client.json(Service.DISPATCHER, HttpMethod.POST,
                        "/api/campaigns/" + enc(id) + "/" + verb, Map.of())
                .map(a -> web.redirect(back, a.ok() ? done : "Not done: " + a.problem())));
    }

    /** Run now. The form's nonce is the Idempotency-Key: the dispatcher itself makes a repeated click the same run. */
    @POST
    @Path("campaigns/{id}/runs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> runNow(@RestPath String id, @RestForm("_csrf") String csrf) {
        String back = "/campaigns/" + enc(id);
        return web.once(csrf, back, f -> client.json(Service.DISPATCHER, HttpMethod.POST,
                        "/api/campaigns/" + enc(id) + "/runs", Map.of(), Map.of("Idempotency-Key", "console-" + f.nonce()))
                .map(a -> {
                    Object runId = a.map().get("runId");
                    return a.ok() && runId != null ? web.redirect("/runs/" + enc(runId.toString()), "Run started")
                            : web.redirect(back, "Not started: " + a.problem());
                }));
    }

    @GET
    @Path("runs/{runId}")
    public Uni<Response> runPage(@RestPath String runId, @RestQuery String status, @RestQuery String errcode,
            @RestQuery String after) {
        return client.get(Service.DISPATCHER, "/api/runs/" + enc(runId)).chain(p -> {
            Map<String, Object> progress = p.map();
            Object campaignId = progress.get("campaignId");
            Uni<Answer> plan = campaignId == null ? Uni.createFrom().item((Answer) null)
                    : client.get(Service.DISPATCHER, "/api/campaigns/" + enc(campaignId.toString()) + "/plan");
            Uni<Answer> deliveries = client.get(Service.DISPATCHER, "/api/runs/" + enc(runId) + "/deliveries"
                    + query("status", status, "after", after, "limit", String.valueOf(config.pageSize())));
            Uni<Answer> owner = campaignId == null ? Uni.createFrom().item((Answer) null)
                    : client.get(Service.DISPATCHER, "/api/campaigns/" + enc(campaignId.toString()));
            return Uni.combine().all().unis(plan, deliveries, owner, deadLetters.firstPage(runId)).asTuple().chain(t -> {
                Answer camp = t.getItem3();
                Object campaignName = camp != null && camp.ok() ? camp.map().get("name") : null;
                Answer pl = t.getItem1();
                double limit = config.defaultLimitPerSecond();
                String limitLabel = "egress IP limit, DingTalk's default (no capacity plan)";
                if (pl != null && pl.ok()) {
                    // The plan's binding limit as a rate: its sends over the least time that limit allows.
                    Map<String, Object> m = pl.map();
                    if (m.get("totalSends") instanceof Number sends && m.get("minimumDurationSeconds") instanceof Number secs
                            && sends.doubleValue() > 0 && secs.doubleValue() > 0) {
                        limit = Math.round(sends.doubleValue() / secs.doubleValue() * 10) / 10.0;
                        limitLabel = "binding limit " + m.getOrDefault("binding", m.getOrDefault("bindingScope", "")) + " (capacity plan)";
                    }
                }
                Answer d = t.getItem2();
                List<Object> rows = d.ok() ? (List<Object>) d.map().getOrDefault("deliveries", List.of()) : List.of();
                if (errcode != null && !errcode.isBlank()) {
                    rows = rows.stream().filter(r -> r instanceof Map<?, ?> m && errcode.strip().equals(String.valueOf(m.get("lastCode")))).toList();
                }
                Object next = d.ok() ? d.map().get("next") : null;
                return web.html(run.data("nav", "campaigns").data("runId", runId).data("p", progress).data("campaignName", campaignName)
                        .data("problem", p.ok() ? null : p.notFound() ? "push-dispatcher knows no run " + runId : p.problem())
                        .data("percent", percent(progress)).data("limit", limit).data("limitLabel", limitLabel)
                        .data("statuses", DELIVERY_STATUSES).data("status", GroupsPage.nz(status))
                        .data("errcode", GroupsPage.nz(errcode)).data("rows", rows)
                        .data("deliveriesProblem", d.ok() ? null : d.problem())
                        .data("deadLetters", t.getItem4()).data("replayStatuses", ReplayFilter.REPLAYABLE)
                        .data("nextLink", next == null ? null : "/runs/" + enc(runId) + query("status", status, "errcode", errcode,
                                "after", next.toString())));
            });
        });
    }

    /** What the run page polls: the dispatcher's progress, with the share done. */
    @GET
    @Path("runs/{runId}/progress.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> progress(@RestPath String runId) {
        return client.get(Service.DISPATCHER, "/api/runs/" + enc(runId)).map(a -> {
            if (!a.ok()) {
                return Response.status(502).entity(Map.of("error", a.problem())).build();
            }
            Map<String, Object> m = new java.util.LinkedHashMap<>(a.map());
            m.put("percent", percent(a.map()));
            return Response.ok(m).build();
        });
    }

    static long percent(Map<String, Object> p) {
        long total = num(p.get("total"));
        if (total <= 0) {
            return "FINISHED".equals(p.get("status")) ? 100 : 0;
        }
        long done = total - num(p.get("pending"));
        return Math.max(0, Math.min(100, Math.round(100.0 * done / total)));
    }

    static long num(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }


    private static String pretty(Object message) {
        try {
            return message == null ? "" : io.dingrelay.console.client.Answer.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(message);
        } catch (Exception e) {
            return String.valueOf(message);
        }
    }
    /**
     * Create: a markdown or action-card message from the form's fields; the dispatcher's refusal is shown next to
     * the field it names ({@code schedule.cron} → the cron box).
     */
    @POST
    @Path("campaigns")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> create(@RestForm String name, @RestForm String msgtype, @RestForm String title, @RestForm String text,
            @RestForm String buttonTitle, @RestForm String buttonUrl, @RestForm String tags, @RestForm String cron,
            @RestForm String zone, @RestForm("_csrf") String csrf) {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("name", GroupsPage.nz(name));
        form.put("msgtype", msgtype == null || msgtype.isBlank() ? "markdown" : msgtype);
        form.put("title", GroupsPage.nz(title));
        // Browsers submit textarea lines with CRLF; DingTalk's markdown is written with LF.
        form.put("text", GroupsPage.nz(text).replace("\r\n", "\n"));
        form.put("buttonTitle", GroupsPage.nz(buttonTitle));
        form.put("buttonUrl", GroupsPage.nz(buttonUrl));
        form.put("tags", GroupsPage.nz(tags));
        form.put("cron", GroupsPage.nz(cron));
        form.put("zone", GroupsPage.nz(zone));
        return web.once(csrf, "/campaigns", f -> {
            Map<String, Object> message = new java.util.LinkedHashMap<>();
            if ("actionCard".equals(form.get("msgtype"))) {
                message.put("msgtype", "actionCard");
                message.put("actionCard", Map.of("title", form.get("title"), "text", form.get("text"),
                        "singleTitle", form.get("buttonTitle"), "singleURL", form.get("buttonUrl")));
            } else {
                message.put("msgtype", "markdown");
                message.put("markdown", Map.of("title", form.get("title"), "text", form.get("text")));
            }
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("name", form.get("name"));
            body.put("message", message);
            List<String> tagList = java.util.Arrays.stream(form.get("tags").split("[,，\\s]+")).filter(s -> !s.isBlank()).toList();
            if (!tagList.isEmpty()) {
                body.put("audience", Map.of("tags", tagList));
            }
            if (!form.get("cron").isBlank()) {
                body.put("schedule", Map.of("cron", form.get("cron"), "zone", form.get("zone").isBlank() ? "Asia/Shanghai" : form.get("zone")));
            } else if (!form.get("zone").isBlank()) {
                body.put("zone", form.get("zone"));
            }
            return client.json(Service.DISPATCHER, HttpMethod.POST, "/api/campaigns", body).chain(a -> {
                Object id = a.map().get("id");
                if (a.ok() && id != null) {
                    return Uni.createFrom().item(web.redirect("/campaigns/" + enc(id.toString()), "Campaign created"));
                }
                Map<String, String> errors = new java.util.LinkedHashMap<>();
                boolean refused = a.status() == 400 || a.status() == 409 || a.status() == 422;
                if (refused) {
                    errors.put(formField(a.field()), a.reason());
                }
                String problem = refused ? null : a.problem();
                return client.get(Service.DISPATCHER, "/api/campaigns?limit=200").chain(l -> web.html(422, campaigns
                        .data("nav", "campaigns").data("problem", problem != null ? problem : l.ok() ? null : l.problem())
                        .data("items", l.list()).data("form", form).data("errors", errors)));
            });
        });
    }

    /** The dispatcher's field path → the form box it came from. */
    static String formField(String field) {
        if (field == null) {
            return "form";
        }
        if (field.startsWith("schedule.cron")) {
            return "cron";
        }
        if (field.startsWith("schedule.zone") || field.equals("zone")) {
            return "zone";
        }
        if (field.startsWith("audience")) {
            return "tags";
        }
        if (field.endsWith(".title") && field.startsWith("message")) {
            return "title";
        }
        if (field.startsWith("message")) {
            return "text";
        }
        return field.equals("name") ? "name" : "form";
    }
}
