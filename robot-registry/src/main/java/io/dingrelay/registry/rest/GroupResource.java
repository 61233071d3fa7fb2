package io.dingrelay.registry.rest;

import io.dingrelay.events.registry.GroupKind;
import io.dingrelay.registry.config.RegistryConfig;
import io.dingrelay.registry.persistence.GroupEntity;
import io.dingrelay.registry.persistence.GroupStatus;
import io.dingrelay.registry.service.GroupFilter;
import io.dingrelay.registry.service.GroupPatch;
import io.dingrelay.registry.service.GroupService;
import io.dingrelay.registry.service.ImportParser;
import io.dingrelay.registry.service.ImportReport;
import io.dingrelay.registry.service.ImportRow;
import io.dingrelay.registry.service.InvalidInputException;
import io.dingrelay.registry.service.OpenApiGroupRequest;
import io.dingrelay.registry.service.WebhookRegistration;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** The admin API of groups ({@code Authorization: Bearer <dingrelay.admin-token>}, see BearerTokenFilter). */
@Path("/api/groups")
@Tag(name = "groups")
@Produces(MediaType.APPLICATION_JSON)
public class GroupResource {

    private final GroupService groups;
    private final WebhookRegistration webhooks;
    private final RegistryConfig config;

    public GroupResource(GroupService groups, WebhookRegistration webhooks, RegistryConfig config) {
        this.groups = groups;
        this.webhooks = webhooks;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a custom-robot webhook, or an enterprise-robot / cool-app group by app and openConversationId",
            description = "201 with the group (credentials masked); 409 {error:duplicate,id} when the token or the conversation is already registered")
    public Uni<Response> register(OpenApiGroupRequest body) {
        if (body == null) {
            throw new InvalidInputException("body", "is required");
        }
        GroupKind kind = body.kind() == null ? GroupKind.CUSTOM_WEBHOOK : body.kind();
        Uni<GroupEntity> created = kind == GroupKind.CUSTOM_WEBHOOK
                ? webhooks.register(body.title() != null ? body.title() : body.name(), body.webhook(), body.secret(),
                        body.tags()).flatMap(groups::get)
                : groups.registerOpenApi(body);
        return created.map(g -> Response.created(URI.create("/api/groups/" + g.id)).entity(GroupView.of(g)).build());
    }

    @POST
    @Path("/import")
    @Consumes({"application/x-ndjson", "text/csv", "application/json", "text/plain"})
    @Blocking
    @Operation(summary = "Bulk import of webhooks as NDJSON or CSV (header title,webhook,secret,tags; tags separated by ;)",
            description = "All or nothing: 200 with the report when written; 422 with the report (nothing written) when a row is rejected; 413 over dingrelay.registry.import-max-rows")
    public Uni<Response> importGroups(@HeaderParam("Content-Type") String contentType, String body) {
        List<ImportRow> rows;
        try {
            rows = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/csv")
                    ? ImportParser.csv(body == null ? "" : body, config.importMaxRows())
                    : ImportParser.ndjson(body == null ? "" : body, config.importMaxRows());
        } catch (ImportParser.TooManyRowsException e) {
            return Uni.createFrom().item(ErrorMappers.answer(413, new ApiError("too_large", "body", e.getMessage())));
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException("body", "has no rows");
        }
        return webhooks.importRows(rows).map(report -> Response.status(report.written() ? 200 : 422)
                .entity(report).build());
    }

    @GET
    @Operation(summary = "List groups with filters, in id order, by keyset pages (after=<next of the previous page>)",
            description = "Also the chat-bridge's lookup: GET /api/groups?openConversationId=cid…[&app=…]")
    public Uni<GroupPage> list(@QueryParam("status") String status, @QueryParam("kind") String kind,
            @QueryParam("tag") String tag, @QueryParam("corpId") String corpId, @QueryParam("q") String text,
            @QueryParam("openConversationId") String openConversationId, @QueryParam("app") String app,
            @QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        int n = limit == null ? config.defaultPageSize() : limit;
        if (n < 1 || n > config.maxPageSize()) {
            throw new InvalidInputException("limit", "must be between 1 and " + config.maxPageSize());
        }
        GroupFilter filter = new GroupFilter(parse(GroupStatus.class, status, "status"), parse(GroupKind.class, kind, "kind"),
                blankToNull(tag), blankToNull(corpId), blankToNull(text), blankToNull(openConversationId), blankToNull(app));
        return groups.page(filter, blankToNull(after), n + 1).map(page -> {
            boolean more = page.size() > n;
            List<GroupView> items = page.stream().limit(n).map(GroupView::of).toList();
            return new GroupPage(items, more ? items.get(items.size() - 1).id() : null);
        });
    }

    @GET
    @Path("/export")
    @Produces("application/x-ndjson")
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every group as NDJSON (credentials masked), in id order")
    public Multi<GroupView> export() {
        GroupFilter all = new GroupFilter(null, null, null, null, null, null, null);
        int page = 1000;
        // Keyset pages one after the other: the response streams while the next page is read.
        return Multi.createBy().repeating()
                .uni(() -> new String[] {null}, cursor -> groups.page(all, cursor[0], page).invoke(list -> {
                    if (!list.isEmpty()) {
                        cursor[0] = list.get(list.size() - 1).id;
                    }
                }))
                .whilst(list -> list.size() == page)
                .onItem().transformToIterable(list -> list.stream().map(GroupView::of).toList());
    }

    @GET
    @Path("/{id}")
    public Uni<GroupView> get(@PathParam("id") String id) {
        return groups.get(id).map(GroupView::of);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change tags, title or status (ACTIVE resumes or re-enables, PAUSED pauses)")
    public Uni<GroupView> patch(@PathParam("id") String id, GroupPatch patch) {
        if (patch == null) {
            throw new InvalidInputException("body", "is required");
        }
        return groups.patch(id, patch).map(GroupView::of);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return groups.delete(id).replaceWith(Response.noContent().build());
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
