package io.dingrelay.console.web;

import static io.dingrelay.console.client.ServiceClient.enc;

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
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Replay of a run's dead letters in two steps: {@code GET /runs/{id}/replay?filters} says how many deliveries the
 * filters match and will be re-sent (counted from the deliveries list: push-dispatcher's replay has no dry run), and
 * its form, once confirmed, is {@code POST /api/runs/{id}/replay} with the same filters; the run page then says
 * how many the dispatcher queued.
 */
@Path("/runs/{runId}/replay")
public class ReplayPage {

    private final Template replay;
    private final ServiceClient client;
    private final DeadLetterReader deadLetters;
    private final Web web;

    public ReplayPage(@Location("replay.html") Template replay, ServiceClient client, DeadLetterReader deadLetters, Web web) {
        this.replay = replay;
        this.client = client;
        this.deadLetters = deadLetters;
        this.web = web;
    }

    @GET
    public Uni<Response> confirm(@RestPath String runId, @RestQuery String status, @RestQuery String errcode,
            @RestQuery String from, @RestQuery String to, @RestQuery String groupIds) {
        return show(runId, ReplayFilter.parse(status, errcode, from, to, groupIds), null, null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> replay(@RestPath String runId, FormBody submitted) {
        String status = submitted.get("status");
        String errcode = submitted.get("errcode");
        String from = submitted.get("from");
        String to = submitted.get("to");
        String groupIds = submitted.get("groupIds");
        Long confirmed = FormBody.number(submitted.get("confirmed"));
        String csrf = submitted.get("_csrf");
        ReplayFilter filter = ReplayFilter.parse(status, errcode, from, to, groupIds);
        String runPage = "/runs/" + enc(runId);
        return web.once(csrf, runPage, f -> {
            if (!filter.valid()) {
                return show(runId, filter, null, null);
            }
            return client.json(Service.DISPATCHER, HttpMethod.POST, "/api/runs/" + enc(runId) + "/replay", filter.body())
                    .chain(a -> {
                        if (a.ok()) {
                            return Uni.createFrom().item(web.redirect(runPage + "#dead-letters", queued(a.map(), confirmed)));
                        }
                        if (a.status() == 400) {
                            return show(runId, filter, Map.of(ReplayFilter.formField(a.field()), a.reason()), null);
                        }
                        String problem = a.notFound() ? "push-dispatcher knows no run " + runId
                                : a.status() == 409 ? "Not replayed: " + a.reason() : "Not replayed: " + a.problem();
                        return show(runId, filter, null, problem);
                    });
        });
    }

    /** "N queued", and which groups were not sent because the registry no longer serves them. */
    static String queued(Map<String, Object> answer, Long confirmed) {
        long queued = CampaignsPage.num(answer.get("queued"));
        StringBuilder sb = new StringBuilder(queued + " queued for replay");
        if (confirmed != null && confirmed != queued) {
            sb.append(" (").append(confirmed).append(" were confirmed; the others changed in between)");
        }
        long missing = CampaignsPage.num(answer.get("notInRegistry"));
        if (missing > 0) {
            Object groups = answer.get("notInRegistryGroups");
            sb.append("; ").append(missing).append(" not sent: robot-registry no longer serves ")
                    .append(groups instanceof List<?> l ? String.join(", ", l.stream().map(Object::toString).toList()) : "them")
                    .append(" (re-enable them, then replay again)");
        }
        return sb.toString();
    }

    private Uni<Response> show(String runId, ReplayFilter filter, Map<String, String> refused, String problem) {
        Map<String, String> errors = new java.util.LinkedHashMap<>(filter.errors());
        if (refused != null) {
            errors.putAll(refused);
        }
        int code = errors.isEmpty() && problem == null ? 200 : 422;
        Uni<Answer> run = client.get(Service.DISPATCHER, "/api/runs/" + enc(runId));
        return run.chain(r -> {
            if (!r.ok() || !errors.isEmpty()) {
                String p = r.ok() ? problem : r.notFound() ? "push-dispatcher knows no run " + runId : r.problem();
                return render(code, runId, filter, errors, p, null);
            }
            return deadLetters.count(runId, filter).chain(m -> render(code, runId, filter, errors,
                    problem != null ? problem : m.problem() != null ? m.problem().problem() : null, m));
        });
    }

    private Uni<Response> render(int code, String runId, ReplayFilter filter, Map<String, String> errors, String problem,
            DeadLetterReader.Matched matched) {
        return web.html(code, replay.data("nav", "campaigns").data("runId", runId).data("form", filter.form())
                .data("errors", errors).data("problem", problem).data("describe", filter.describe())
                .data("matched", matched != null && matched.problem() == null ? matched : null)
                .data("replayStatuses", ReplayFilter.REPLAYABLE));
    }
}
