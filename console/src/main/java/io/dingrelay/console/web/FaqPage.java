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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The FAQ knowledge base, from chat-bridge's {@code /api/faq}: pages of pairs (its {@code after} cursor), a search
 * showing what the FAQ answerer sees (with confidence), create, edit, delete, the all-or-nothing CSV/NDJSON import
 * with chat-bridge's per-row errors, and the export as a download.
 */
@Path("/faq")
public class FaqPage {

    private final Template faq;
    private final Template faqPair;
    private final Template faqImport;
    private final ServiceClient client;
    private final ConsoleConfig config;
    private final Web web;

    public FaqPage(@Location("faq.html") Template faq, @Location("faq-pair.html") Template faqPair,
            @Location("faq-import.html") Template faqImport, ServiceClient client, ConsoleConfig config, Web web) {
        this.faq = faq;
        this.faqPair = faqPair;
        this.faqImport = faqImport;
        this.client = client;
        this.config = config;
        this.web = web;
    }

    @GET
    public Uni<Response> list(@RestQuery String q, @RestQuery String after, @RestQuery Integer page) {
        return listPage(200, GroupsPage.nz(q), after, page, Map.of("question", "", "answer", ""), Map.of());
    }

    private Uni<Response> listPage(int code, String q, String after, Integer page, Map<String, String> form,
            Map<String, String> errors) {
        boolean searching = !q.isBlank();
        Uni<Answer> call = searching
                ? client.get(Service.CHAT_BRIDGE, "/api/faq/search" + query("q", q, "limit", "20"))
                : client.get(Service.CHAT_BRIDGE, "/api/faq" + query("after", after, "limit", String.valueOf(config.pageSize())));
        return call.chain(a -> {
            Map<String, String> fieldErrors = new LinkedHashMap<>(errors);
            String problem = null;
            if (!a.ok()) {
                if (a.status() == 400 && "q".equals(a.field())) {
                    fieldErrors.put("q", a.reason());
                } else {
                    problem = a.problem();
                }
            }
            List<Object> items = !a.ok() ? List.of() : searching ? a.list()
                    : a.map().get("pairs") instanceof List<?> l ? List.copyOf(l) : List.of();
            Object next = searching || !a.ok() ? null : a.map().get("next");
            int pageNo = page == null || page < 1 ? 1 : page;
            return web.html(code, faq.data("nav", "faq").data("q", q).data("searching", searching).data("items", items)
                    .data("problem", problem).data("errors", fieldErrors).data("form", form).data("page", pageNo)
                    .data("nextLink", next == null ? null : "/faq?after=" + enc(next.toString()) + "&page=" + (pageNo + 1)));
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> create(FormBody submitted) {
        String question = submitted.get("question");
        String answer = submitted.get("answer");
        String csrf = submitted.get("_csrf");
        Map<String, String> form = pair(question, answer);
        return web.once(csrf, "/faq", f -> client.json(Service.CHAT_BRIDGE, HttpMethod.POST, "/api/faq", form).chain(a -> {
            if (a.ok()) {
                return Uni.createFrom().item(web.redirect("/faq", "Saved: " + form.get("question")));
            }
            return listPage(422, "", null, null, form, refusal(a));
        }));
    }

    @GET
    @Path("{id}")
    public Uni<Response> one(@RestPath String id) {
        return client.get(Service.CHAT_BRIDGE, "/api/faq/" + enc(id)).chain(a -> {
            Map<String, Object> p = a.ok() ? a.map() : Map.of();
            Map<String, String> form = pair(String.valueOf(p.getOrDefault("question", "")), String.valueOf(p.getOrDefault("answer", "")));
            return editPage(a.ok() ? 200 : a.reachable() ? 404 : 200, id, p,
                    a.ok() ? null : a.notFound() ? "chat-bridge has no FAQ pair " + id : a.problem(), form, Map.of());
        });
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> update(@RestPath String id, FormBody submitted) {
        String question = submitted.get("question");
        String answer = submitted.get("answer");
        String csrf = submitted.get("_csrf");
        Map<String, String> form = pair(question, answer);
        String back = "/faq/" + enc(id);
        return web.once(csrf, back, f -> client.json(Service.CHAT_BRIDGE, HttpMethod.PUT, "/api/faq/" + enc(id), form).chain(a -> {
            if (a.ok()) {
                return Uni.createFrom().item(web.redirect("/faq", "Saved: " + form.get("question")));
            }
            if (a.notFound()) {
                return Uni.createFrom().item(web.redirect("/faq", "Not saved: chat-bridge has no FAQ pair " + id + " (deleted meanwhile?)"));
            }
            return editPage(422, id, Map.of("id", id), null, form, refusal(a));
        }));
    }

    @POST
    @Path("{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> delete(@RestPath String id, FormBody submitted) {
        String csrf = submitted.get("_csrf");
        return web.once(csrf, "/faq", f -> client.delete(Service.CHAT_BRIDGE, "/api/faq/" + enc(id))
                .map(a -> web.redirect("/faq", a.ok() ? "Deleted FAQ pair " + id
                        : a.notFound() ? "Already gone: FAQ pair " + id : "Not deleted: " + a.problem())));
    }

    @GET
    @Path("import")
    public Uni<Response> importForm() {
        return web.html(faqImport.data("nav", "faq").data("report", null).data("refused", null).data("problem", null)
                .data("errors", Map.of()).data("rows", "").data("mode", "merge"));
    }

    /** All or nothing: chat-bridge stores every row or none and names each broken row. */
    @POST
    @Path("import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> importRows(MultipartBody submitted) {
        String file = submitted.file("file");
        String text = (file != null ? file : GroupsPage.nz(submitted.get("rows"))).replace("\r\n", "\n");
        String mode = submitted.get("mode");
        String csrf = submitted.get("_csrf");
        String m = "replace".equals(mode) ? "replace" : "merge";
        return web.once(csrf, "/faq/import", f -> {
            if (text.isBlank()) {
                return importPage(422, null, null, null, Map.of("rows", "Choose a file or paste rows first"), text, m);
            }
            String type = text.stripLeading().startsWith("{") ? "application/x-ndjson" : "text/csv";
            return client.raw(Service.CHAT_BRIDGE, HttpMethod.POST, "/api/faq/import" + query("mode", m), type, text).chain(a -> {
                if (a.ok()) {
                    return importPage(200, a.map(), null, null, Map.of(), "", m);
                }
                if (a.status() == 422) {
                    return importPage(422, null, a.map(), null, Map.of(), text, m);
                }
                if (a.status() == 400) {
                    return importPage(422, null, null, null, Map.of("rows", a.reason()), text, m);
                }
                return importPage(502, null, null, a.problem(), Map.of(), text, m);
            });
        });
    }

    /** chat-bridge's own file, passed through as a download. */
    @GET
    @Path("export")
    public Uni<Response> export(@RestQuery String format) {
        String fmt = "csv".equals(format) ? "csv" : "ndjson";
        return client.get(Service.CHAT_BRIDGE, "/api/faq/export?format=" + fmt).map(a -> a.ok()
                ? Response.ok(a.body(), fmt.equals("csv") ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8")
                        .header("Content-Disposition", "attachment; filename=\"faq." + fmt + "\"").build()
                : web.redirect("/faq", "Not exported: " + a.problem()));
    }

    private Uni<Response> editPage(int code, String id, Map<String, Object> p, String problem, Map<String, String> form,
            Map<String, String> errors) {
        return web.html(code, faqPair.data("nav", "faq").data("id", id).data("p", p).data("problem", problem)
                .data("form", form).data("errors", errors));
    }

    private Uni<Response> importPage(int code, Map<String, Object> report, Map<String, Object> refused, String problem,
            Map<String, String> errors, String rows, String mode) {
        return web.html(code, faqImport.data("nav", "faq").data("report", report).data("refused", refused)
                .data("problem", problem).data("errors", errors).data("rows", rows).data("mode", mode));
    }

    /** A refusal next to the field chat-bridge names (question, answer), or the whole form's problem. */
    private static Map<String, String> refusal(Answer a) {
        if (a.status() == 400 || a.status() == 409) {
            String field = a.field();
            return Map.of("question".equals(field) || "answer".equals(field) ? field : "form", a.reason());
        }
        return Map.of("form", a.problem());
    }

    private static Map<String, String> pair(String question, String answer) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("question", GroupsPage.nz(question).strip());
        m.put("answer", GroupsPage.nz(answer).replace("\r\n", "\n").strip());
        return m;
    }
}
