package io.dingrelay.screenshot.rest;

import io.dingrelay.screenshot.model.DatasetSummary;
import io.dingrelay.screenshot.model.Point;
import io.dingrelay.screenshot.persistence.DatasetRepository.IngestResult;
import io.dingrelay.screenshot.service.DatasetService;
import io.dingrelay.screenshot.service.InvalidRequestException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Datasets: {@code PUT} creates an empty one, {@code POST .../points} ingests JSON or CSV, {@code GET} reads. */
@Path("/api/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    private final DatasetService datasets;

    public DatasetResource(DatasetService datasets) {
        this.datasets = datasets;
    }

    @GET
    public Uni<List<DatasetSummary>> list() {
        return datasets.list();
    }

    @PUT
    @Path("{name}")
    public Uni<Response> create(@PathParam("name") String name) {
        return datasets.create(name).chain(created -> datasets.summary(name)
                .map(s -> Response.status(created ? 201 : 200).entity(s).build()));
    }

    /** JSON ({@code application/json}) or CSV ({@code text/csv}); 400 naming every bad row, and then nothing is stored. */
    @POST
    @Path("{name}/points")
    @Consumes({MediaType.APPLICATION_JSON, "text/csv", MediaType.TEXT_PLAIN})
    public Uni<IngestResult> ingest(@PathParam("name") String name, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            String body) {
        boolean csv = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/csv");
        return datasets.ingest(name, body, csv);
    }

    /** The dataset's version and points; {@code metric}, {@code region}, {@code from}, {@code to} narrow it. */
    @GET
    @Path("{name}")
    public Uni<DatasetView> get(@PathParam("name") String name, @QueryParam("metric") String metric,
            @QueryParam("region") String region, @QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate fromDay = day("from", from);
        LocalDate toDay = day("to", to);
        return datasets.summary(name).chain(s -> datasets.points(name, metric, region, fromDay, toDay)
                .map(points -> new DatasetView(s.name(), s.revision(), s.updatedAt().toString(), points.size(), points)));
    }

    /** The latest figures, and the same as flat template variables for campaigns (README, "Template variables"). */
    @GET
    @Path("{name}/latest")
    public Uni<DatasetService.Latest> latest(@PathParam("name") String name) {
        return datasets.latest(name);
    }

    /** @param count points returned (after filters) */
    public record DatasetView(String name, long revision, String updatedAt, int count, List<Point> points) {
    }

    private static LocalDate day(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(field, field + " '" + text + "' is not a date (yyyy-MM-dd)");
        }
    }
}
