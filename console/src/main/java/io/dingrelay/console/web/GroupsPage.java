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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Groups, from robot-registry's {@code /api/groups}: filtered keyset pages (the registry's {@code after} cursor, so
 * page 3,000 of 300,000 groups costs what page 1 costs), one group, its status and tags, CSV/NDJSON import.
 */
@Path("/groups")
public class GroupsPage {

    static final List<String> STATUSES = List.of("ACTIVE", "PAUSED", "DISABLED", "REMOVED");
    static final List<String> KINDS = List.of("CUSTOM_WEBHOOK", "ENTERPRISE_ROBOT", "COOL_APP");

    private final Template groups;
    private final Template group;
    private final Template groupImport;
    private final ServiceClient client;
    private final ConsoleConfig config;
    private final Web web;

    public GroupsPage(@Location("groups.html") Template groups, @Location("group.html") Template group,
            @Location("group-import.html") Template groupImport, ServiceClient client, ConsoleConfig config, Web web) {
        this.groups = groups;
        this.group = group;
        this.groupImport = groupImport;
        this.client = client;
        this.config = config;
        this.web = web;
    }

    @GET
    public Uni<Response> list(@RestQuery String status, @RestQuery String kind, @RestQuery String tag,
            @RestQuery String corpId, @RestQuery String q, @RestQuery String after, @RestQuery Integer page) {
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("status", nz(status));
        filters.put("kind", nz(kind));
        filters.put("tag", nz(tag));
        filters.put("corpId", nz(corpId));
        filters.put("q", nz(q));
        String filterQuery = query("status", status, "kind", kind, "tag", tag, "corpId", corpId, "q", q);
        return client.get(Service.REGISTRY, "/api/groups" + query("status", status, "kind", kind, "tag", tag,
                        "corpId", corpId, "q", q, "after", after, "limit", String.valueOf(config.pageSize())))
                .chain(a -> {
                    Map<String, String> errors = new LinkedHashMap<>();
                    String problem = null;
                    if (!a.ok()) {
                        if (a.status() == 400 && a.field() != null) {
                            errors.put(a.field(), a.reason());
                        } else {
                            problem = a.problem();
                        }
                    }
                    Map<String, Object> body = a.ok() ? a.map() : Map.of();
                    int pageNo = page == null || page < 1 ? 1 : page;
                    Object next = body.get("next");
                    String nextLink = next == null ? null : "/groups" + (filterQuery.isEmpty() ? "?" : filterQuery + "&")
                            + "after=" + enc(next.toString()) + "&page=" + (pageNo + 1);
                    return web.html(groups.data("nav", "groups").data("filters", filters).data("errors", errors)
                            .data("problem", problem).data("items", body.getOrDefault("items", List.of()))
                            .data("statuses", STATUSES).data("kinds", KINDS).data("page", pageNo)
                            .data("firstLink", "/groups" + filterQuery).data("nextLink", nextLink)
                            .data("registry", client.baseUrl(Service.REGISTRY)));
                });
    }

    @GET
    @Path("{id}")
    public Uni<Response> one(@RestPath String id) {
        return show(id, Map.of(), null);
    }

    private Uni<Response> show(String id, Map<String, String> errors, String tagsInput) {
        return client.get(Service.REGISTRY, "/api/groups/" + enc(id)).chain(a -> {
            String problem = a.ok() ? null : a.notFound() ? "robot-registry knows no group " + id : a.problem();
            Map<String, Object> g = a.ok() ? a.map() : Map.of();
            Object tags = g.get("tags");
            String tagText = tagsInput != null ? tagsInput
                    : tags instanceof List<?> l ? String.join(", ", l.stream().map(Object::toString).toList()) : "";
            return web.html(errors.isEmpty() ? 200 : 422, group.data("nav", "groups").data("id", id).data("g", g)
                    .data("problem", problem).data("errors", errors).data("tagText", tagText));
        });
    }

    /** Pause (PAUSED), resume or re-enable (ACTIVE): the registry's PATCH. */
    @POST
    @Path("{id}/status")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> status(@RestPath String id, FormBody submitted) {
        String status = submitted.get("status");
        String csrf = submitted.get("_csrf");
        String back = "/groups/" + enc(id);
        return web.once(csrf, back, f -> client.json(Service.REGISTRY, HttpMethod.PATCH, "/api/groups/" + enc(id),
                        Map.of("status", nz(status)))
                .map(a -> a.ok()
                        ? web.redirect(back, ("PAUSED".equals(status) ? "Paused" : "Active again") + ": " + title(a, id))
                        : web.redirect(back, "Not changed: " + a.problem())));
    }

    @POST
    @Path("{id}/tags")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> tags(@RestPath String id, FormBody submitted) {
        String tags = submitted.get("tags");
        String csrf = submitted.get("_csrf");
        String back = "/groups/" + enc(id);
        List<String> list = Arrays.stream(nz(tags).split("[,，\\s]+")).map(String::strip).filter(t -> !t.isEmpty()).toList();
        return web.once(csrf, back, f -> client.json(Service.REGISTRY, HttpMethod.PATCH, "/api/groups/" + enc(id),
                        Map.of("tags", list))
                .chain(a -> {
                    if (a.ok()) {
                        return Uni.createFrom().item(web.redirect(back, "Tags saved: " + String.join(", ", list)));
                    }
                    if (a.status() == 400 || a.status() == 409 || a.status() == 422) {
                        return show(id, Map.of("tags", a.reason()), tags);
                    }
                    return Uni.createFrom().item(web.redirect(back, "Tags not saved: " + a.problem()));
                }));
    }

    @GET
    @Path("import")
    public Uni<Response> importForm() {
        return web.html(groupImport.data("nav", "groups").data("report", null).data("problem", null)
                .data("errors", Map.of()).data("csv", ""));
    }

    /**
     * The registry's all-or-nothing import: the CSV (header {@code title,webhook,secret,tags}) or NDJSON from the
     * file or the text box, and its per-row report shown as it came (accepted, duplicates, rejected rows).
     */
    @POST
    @Path("import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> importRows(MultipartBody submitted) {
        String file = submitted.file("file");
        String text = file != null ? file : nz(submitted.get("csv"));
        String csrf = submitted.get("_csrf");
        return web.once(csrf, "/groups/import", f -> {
            if (text.isBlank()) {
                return web.html(422, groupImport.data("nav", "groups").data("report", null).data("problem", null)
                        .data("errors", Map.of("csv", "Choose a file or paste rows first")).data("csv", text));
            }
            String type = text.stripLeading().startsWith("{") ? "application/x-ndjson" : "text/csv";
            return client.raw(Service.REGISTRY, HttpMethod.POST, "/api/groups/import", type, text).chain(a -> {
                boolean report = a.ok() || a.status() == 422;
                String problem = report ? null : a.problem();
                Map<String, String> errors = !report && (a.status() == 400 || a.status() == 413)
                        ? Map.of("csv", a.reason()) : Map.of();
                return web.html(a.ok() ? 200 : 422, groupImport.data("nav", "groups").data("report", report ? a.map() : null)
                        .data("problem", errors.isEmpty() ? problem : null).data("errors", errors)
                        .data("csv", a.ok() ? "" : text));
            });
        });
    }

    private static String title(Answer a, String id) {
        Object t = a.map().get("title");
        return t == null ? id : t.toString();
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
