package io.dingrelay.chat.rest;

import io.dingrelay.chat.faq.FaqFormat;
import io.dingrelay.chat.faq.FaqMatch;
import io.dingrelay.chat.faq.FaqPair;
import io.dingrelay.chat.faq.FaqRowError;
import io.dingrelay.chat.persistence.FaqPairs;
import io.dingrelay.chat.service.FaqService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The FAQ admin API: create, read, update, delete and list pairs, try a question, bulk import and export as CSV or
 * NDJSON. Every change reaches the Lucene index before the answer is sent.
 */
@Path("/api/faq")
@Produces(MediaType.APPLICATION_JSON)
public class FaqResource {

    static final int MAX_PAGE = 1000;

    private final FaqService faq;

    public FaqResource(FaqService faq) {
        this.faq = faq;
    }

    /** A pair as sent by a client. */
    public record PairInput(String question, String answer) {
    }

    /** One page of pairs; {@code next} is the {@code after} of the next page, null on the last. */
    public record Page(List<FaqPair> pairs, Long next) {
    }

    /** A search result as the admin sees it. */
    public record SearchHit(long id, String question, String answer, double confidence, float score) {
    }

    /** The 422 body of an import: nothing was stored. */
    public record ImportRefused(String error, int rowsRead, List<FaqRowError> rows) {
    }

    @GET
    public Uni<Response> list(@QueryParam("after") @DefaultValue("0") long after,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            return Uni.createFrom().item(ApiError.of(Response.Status.BAD_REQUEST, "limit",
                    "limit must be between 1 and " + MAX_PAGE + ", got " + limit));
        }
        return faq.page(after, limit).map(pairs -> Response.ok(new Page(pairs,
                pairs.size() < limit ? null : pairs.get(pairs.size() - 1).id())).build());
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@PathParam("id") long id) {
        return faq.byId(id).map(p -> p.map(pair -> Response.ok(pair).build()).orElseGet(() -> notFound(id)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(PairInput input) {
        if (input == null) {
            return Uni.createFrom().item(missingBody());
        }
        return Uni.createFrom().deferred(() -> faq.create(input.question(), input.answer()))
                .map(pair -> Response.created(URI.create("/api/faq/" + pair.id())).entity(pair).build())
                .onFailure(FaqService.InvalidPairException.class).recoverWithItem(FaqResource::invalid)
                .onFailure(FaqPairs.DuplicateQuestionException.class).recoverWithItem(e ->
                        ApiError.of(Response.Status.CONFLICT, "question", e.getMessage()));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> update(@PathParam("id") long id, PairInput input) {
        if (input == null) {
            return Uni.createFrom().item(missingBody());
        }
        return Uni.createFrom().deferred(() -> faq.update(id, input.question(), input.answer()))
                .map(p -> p.map(pair -> Response.ok(pair).build()).orElseGet(() -> notFound(id)))
                .onFailure(FaqService.InvalidPairException.class).recoverWithItem(FaqResource::invalid)
                .onFailure(FaqPairs.DuplicateQuestionException.class).recoverWithItem(e ->
                        ApiError.of(Response.Status.CONFLICT, "question", e.getMessage()));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") long id) {
        return faq.delete(id).map(deleted -> deleted ? Response.noContent().build() : notFound(id));
    }

    /** What the FAQ answerer would see for {@code q}: the best matches with their confidence. */
    @GET
    @Path("/search")
    public Response search(@QueryParam("q") String q, @QueryParam("limit") @DefaultValue("5") int limit) {
        if (q == null || q.isBlank()) {
            return ApiError.of(Response.Status.BAD_REQUEST, "q", "q (the question) is required");
        }
        List<FaqMatch> matches = faq.search(q, Math.min(Math.max(limit, 1), 50));
        return Response.ok(matches.stream().map(m -> new SearchHit(m.pair().id(), m.pair().question(),
                m.pair().answer(), m.confidence(), m.score())).toList()).build();
    }

    /**
     * Imports pairs, all or nothing: {@code ?format=csv|ndjson} (or the Content-Type), {@code ?mode=merge} (default:
     * a known question gets the new answer, others are added) or {@code replace} (the import becomes the whole
     * FAQ). 200 with counts, or 422 with every refused row and nothing stored.
     */
    @POST
    @Path("/import")
    @Consumes({"text/csv", "application/x-ndjson", MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    public Uni<Response> importPairs(@QueryParam("format") String format, @QueryParam("mode") @DefaultValue("merge") String mode,
            @HeaderParam("Content-Type") String contentType, String body) {
        FaqFormat parsed;
        try {
            parsed = format != null ? FaqFormat.parse(format) : byContentType(contentType);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(ApiError.of(Response.Status.BAD_REQUEST, "format", e.getMessage()));
        }
        String m = mode.strip().toLowerCase(Locale.ROOT);
        if (!m.equals("merge") && !m.equals("replace")) {
            return Uni.createFrom().item(ApiError.of(Response.Status.BAD_REQUEST, "mode",
                    "mode '" + mode + "' is not supported: merge or replace"));
        }
        if (body == null || body.isBlank()) {
            return Uni.createFrom().item(ApiError.of(Response.Status.BAD_REQUEST, "body", "the import is empty"));
        }
        return faq.importRows(parsed.read(body), m.equals("replace")).map(report -> report.stored()
                ? Response.ok(report).build()
                : Response.status(422).entity(new ImportRefused("import refused: " + report.errors().size()
                        + " error(s) in " + report.rows() + " row(s); nothing was stored", report.rows(), report.errors()))
                        .build());
    }

    @GET
    @Path("/export")
    @Produces({"text/csv", "application/x-ndjson", MediaType.APPLICATION_JSON})
    public Uni<Response> export(@QueryParam("format") @DefaultValue("ndjson") String format) {
        FaqFormat parsed;
        try {
            parsed = FaqFormat.parse(format);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                    .entity(new ApiError(e.getMessage(), "format", null)).build());
        }
        return faq.all().map(pairs -> Response.ok(parsed.write(pairs), parsed.mediaType() + "; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"faq." + parsed.name().toLowerCase(Locale.ROOT) + "\"")
                .build());
    }

    private static FaqFormat byContentType(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("text/csv")) {
            return FaqFormat.CSV;
        }
        if (type.startsWith("application/x-ndjson") || type.startsWith("application/json")) {
            return FaqFormat.NDJSON;
        }
        throw new IllegalArgumentException(
                "format is required (?format=csv|ndjson, or Content-Type text/csv or application/x-ndjson)");
    }

    private static Response missingBody() {
        return ApiError.of(Response.Status.BAD_REQUEST, "body", "a JSON body {\"question\",\"answer\"} is required");
    }

    private static Response invalid(Throwable e) {
        FaqService.InvalidPairException invalid = (FaqService.InvalidPairException) e;
        return ApiError.of(Response.Status.BAD_REQUEST, invalid.errors().get(0).field(), invalid.getMessage());
    }

    private static Response notFound(long id) {
        return ApiError.of(Response.Status.NOT_FOUND, "id", "no FAQ pair " + id);
    }
}
