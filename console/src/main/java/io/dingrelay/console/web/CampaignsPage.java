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
    private final Template campaignEdit;
    private final ServiceClient client;
    private final ConsoleConfig config;
    private final DeadLetterReader deadLetters;
    private final Web web;

    public CampaignsPage(@Location("campaigns.html") Template campaigns, @Location("campaign.html") Template campaign,
            @Location("run.html") Template run, @Location("campaign-edit.html") Template campaignEdit, ServiceClient client, ConsoleConfig config, DeadLetterReader deadLetters, Web web) {
        this.campaigns = campaigns;
        this.campaign = campaign;
        this.run = run;
        this.campaignEdit = campaignEdit;
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
                .data("nav", "campaigns").data("problem", a.ok() ? null : a.problem()).data("items", a.list()).data("formAction", "/campaigns").data("submitId", "create").data("submitLabel", "Create campaign")
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
    public Uni<Response> pause(@RestPath String id, FormBody form) {
        return action(id, "pause", form.get("_csrf"), "Paused");
    }

    @POST
    @Path("campaigns/{id}/resume")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> resume(@RestPath String id, FormBody form) {
        return action(id, "resume", form.get("_csrf"), "Active again");
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
    public Uni<Response> runNow(@RestPath String id, FormBody submitted) {
        String back = "/campaigns/" + enc(id);
        return web.once(submitted.get("_csrf"), back, f -> client.json(Service.DISPATCHER, HttpMethod.POST,
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
                // No such run (404) or a run id the dispatcher refused (400) is the caller's mistake, not a bad gateway.
                String error = a.notFound() ? "push-dispatcher knows no run " + runId : a.status() == 400 ? a.reason() : a.problem();
                return Response.status(a.pageStatus()).entity(Map.of("error", error)).build();
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
    public Uni<Response> create(FormBody submitted) {
        Map<String, String> form = CampaignForm.typed(raw(submitted));
        return web.once(submitted.get("_csrf"), "/campaigns", f -> {
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("name", form.get("name"));
            body.put("message", CampaignForm.message(form));
            List<String> tagList = CampaignForm.tags(form);
            if (!tagList.isEmpty()) {
                body.put("audience", Map.of("tags", tagList));
            }
            if (!form.get("cron").isBlank()) {
                body.put("schedule", CampaignForm.schedule(form));
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
                    errors.put(CampaignForm.field(a.field()), a.reason());
                }
                String problem = refused ? null : a.problem();
                return client.get(Service.DISPATCHER, "/api/campaigns?limit=200").chain(l -> web.html(422, campaigns
                        .data("nav", "campaigns").data("problem", problem != null ? problem : l.ok() ? null : l.problem())
                        .data("items", l.list()).data("form", form).data("errors", errors)
                        .data("formAction", "/campaigns").data("submitId", "create").data("submitLabel", "Create campaign")));
            });
        });
    }

    @GET
    @Path("campaigns/{id}/edit")
    public Uni<Response> editForm(@RestPath String id) {
        return client.get(Service.DISPATCHER, "/api/campaigns/" + enc(id)).chain(c -> editPage(200, id, c,
                c.ok() ? CampaignForm.of(c.map()) : Map.of(), Map.of(), null));
    }

    /**
     * Edit: push-dispatcher's {@code PATCH /api/campaigns/{id}} with the form's name, message, audience tags and
     * schedule, validated by the dispatcher as at creation; a refusal is shown next to its box with the form kept
     * and nothing changed. The current campaign is read first: its group-id or kind audience is kept as it is, and
     * a schedule cannot be taken away (the PATCH has no way to; pausing stops it).
     */
    @POST
    @Path("campaigns/{id}/edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> edit(@RestPath String id, FormBody submitted) {
        String back = "/campaigns/" + enc(id);
        Map<String, String> form = CampaignForm.typed(raw(submitted));
        return web.once(submitted.get("_csrf"), back + "/edit", f -> client.get(Service.DISPATCHER, "/api/campaigns/" + enc(id)).chain(c -> {
            if (!c.ok()) {
                return editPage(c.pageStatus(), id, c, form, Map.of(), null);
            }
            Map<String, Object> current = c.map();
            String storedType = String.valueOf(((Map<?, ?>) current.getOrDefault("message", Map.of())).get("msgtype"));
            if (!CampaignForm.editableMessage(storedType)) {
                form.put("msgtype", storedType);
            }
            if (form.get("cron").isBlank() && current.get("schedule") != null) {
                return editPage(422, id, c, form, Map.of("cron", "push-dispatcher cannot take a campaign's schedule away; "
                        + "pause the campaign to stop its runs"), null);
            }
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("name", form.get("name"));
            if (CampaignForm.editableMessage(storedType)) {
                body.put("message", CampaignForm.message(form));
            }
            Map<String, Object> audience = new java.util.LinkedHashMap<>(
                    current.get("audience") instanceof Map<?, ?> a ? (Map<String, Object>) a : Map.of());
            List<String> tagList = CampaignForm.tags(form);
            audience.put("tags", tagList.isEmpty() ? null : tagList);
            body.put("audience", audience);
            if (!form.get("cron").isBlank()) {
                body.put("schedule", CampaignForm.schedule(form));
            } else if (!form.get("zone").isBlank()) {
                body.put("zone", form.get("zone"));
            }
            return client.json(Service.DISPATCHER, HttpMethod.PATCH, "/api/campaigns/" + enc(id), body).chain(a -> {
                if (a.ok()) {
                    return Uni.createFrom().item(web.redirect(back, "Campaign saved"));
                }
                boolean refused = a.status() == 400 || a.status() == 409 || a.status() == 422;
                return editPage(422, id, c, form, refused ? Map.of(CampaignForm.field(a.field()), a.reason()) : Map.of(),
                        refused ? null : "Not saved: " + a.problem());
            });
        }));
    }

    private Uni<Response> editPage(int code, String id, Answer c, Map<String, String> form, Map<String, String> errors,
            String problem) {
        String p = problem != null ? problem : c.ok() ? null : c.notFound() ? "push-dispatcher knows no campaign " + id : c.problem();
        String msgtype = form.getOrDefault("msgtype", "markdown");
        return web.html(code, campaignEdit.data("nav", "campaigns").data("id", id).data("c", c.ok() ? c.map() : Map.of())
                .data("problem", p).data("form", form).data("errors", errors)
                .data("formAction", "/campaigns/" + enc(id) + "/edit").data("submitId", "save-campaign").data("submitLabel", "Save campaign")
                .data("messageNote", CampaignForm.editableMessage(msgtype) ? null
                        : "This campaign's message is a " + msgtype + "; the form keeps it as it is and changes name, audience and schedule.")
                .data("message", pretty(c.ok() ? c.map().get("message") : null)));
    }

    private static final List<String> CAMPAIGN_FIELDS = List.of("name", "msgtype", "title", "text", "buttonTitle",
            "buttonUrl", "tags", "cron", "zone", "stagger", "grace");

    /** The campaign form's fields as submitted (null where not sent), for {@link CampaignForm#typed}. */
    private static Map<String, String> raw(FormBody submitted) {
        Map<String, String> raw = new java.util.HashMap<>();
        CAMPAIGN_FIELDS.forEach(name -> raw.put(name, submitted.get(name)));
        return raw;
    }
}
