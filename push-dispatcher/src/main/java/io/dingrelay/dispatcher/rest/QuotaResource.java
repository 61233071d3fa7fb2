package io.dingrelay.dispatcher.rest;

import io.dingrelay.dispatcher.plan.QuotaReport;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;

/**
 * {@code GET /api/quota[?corpId=ding1,ding2]}: per organisation, the monthly quota used, its limit, what is left and
 * whether the warning threshold is reached ({@link QuotaReport}).
 */
@Path("/api/quota")
@Produces(MediaType.APPLICATION_JSON)
public class QuotaResource {

    private final QuotaReport quota;

    public QuotaResource(QuotaReport quota) {
        this.quota = quota;
    }

    @GET
    public Uni<QuotaReport.Report> quota(@QueryParam("corpId") String corpIds) {
        List<String> asked = corpIds == null ? List.of()
                : Arrays.stream(corpIds.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (asked.stream().anyMatch(c -> c.length() > 64)) {
            throw ApiException.badRequest("corpId", "a corpId has at most 64 characters");
        }
        return quota.report(asked);
    }
}
