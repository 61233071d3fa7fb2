package io.dingrelay.chat.rest;

import io.dingrelay.chat.service.CheckInSummaries;
import io.dingrelay.events.ids.ConversationId;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Check-in summaries for campaigns: the dispatcher fills the template variable {@code {{checkInSummary}}} of a
 * group from {@code GET /api/check-ins/summary?conversationId=…} ({@code text}), bearer {@code dingrelay.admin-token}.
 * Without {@code day} the latest day the group checked in; 404 when it never did.
 */
@Path("/api/check-ins")
@Produces(MediaType.APPLICATION_JSON)
public class CheckInResource {

    private final CheckInSummaries summaries;

    public CheckInResource(CheckInSummaries summaries) {
        this.summaries = summaries;
    }

    @GET
    @Path("/summary")
    public Uni<Response> summary(@QueryParam("conversationId") String conversationId, @QueryParam("day") String day) {
        if (conversationId == null || conversationId.isBlank()) {
            return Uni.createFrom().item(ApiError.of(Response.Status.BAD_REQUEST, "conversationId",
                    "conversationId (the group's openConversationId) is required"));
        }
        ConversationId conversation = ConversationId.of(conversationId.strip());
        if (day == null || day.isBlank()) {
            return summaries.latest(conversation).map(s -> s.map(summary -> Response.ok(summary).build())
                    .orElseGet(() -> ApiError.of(Response.Status.NOT_FOUND, "conversationId",
                            "no check-ins in conversation " + conversationId)));
        }
        LocalDate date;
        try {
            date = LocalDate.parse(day.strip());
        } catch (DateTimeParseException e) {
            return Uni.createFrom().item(ApiError.of(Response.Status.BAD_REQUEST, "day",
                    "day must be an ISO date such as 2026-12-01, got '" + day + "'"));
        }
        return summaries.summary(conversation, date).map(summary -> Response.ok(summary).build());
    }
}
