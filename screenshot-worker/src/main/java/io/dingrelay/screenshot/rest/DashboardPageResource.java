package io.dingrelay.screenshot.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dingrelay.screenshot.config.ScreenshotConfig;
import io.dingrelay.screenshot.persistence.DashboardRepository;
import io.dingrelay.screenshot.persistence.DatasetRepository;
import io.dingrelay.screenshot.service.DashboardPage;
import io.dingrelay.screenshot.service.EchartsAsset;
import io.dingrelay.screenshot.service.Figures;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * The dashboard page itself, {@code GET /dashboards/{id}}: what Chromium renders and what a person opens to see it.
 * An external dashboard redirects to its page.
 */
@Path("/dashboards")
public class DashboardPageResource {

    private final DashboardRepository dashboards;
    private final DatasetRepository datasets;
    private final Template dashboard;
    private final ScreenshotConfig config;
    private final EchartsAsset echarts;
    private final ObjectMapper json;

    public DashboardPageResource(DashboardRepository dashboards, DatasetRepository datasets, Template dashboard,
            ScreenshotConfig config, EchartsAsset echarts, ObjectMapper json) {
        this.dashboards = dashboards;
        this.datasets = datasets;
        this.dashboard = dashboard;
        this.config = config;
        this.echarts = echarts;
        this.json = json;
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> page(@PathParam("id") String id) {
        return dashboards.find(id).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(html(404, "Unknown dashboard '" + id + "'"));
            }
            var d = found.get();
            if (d.external()) {
                return Uni.createFrom().item(Response.seeOther(URI.create(d.url())).build());
            }
            return datasets.snapshot(d.dataset()).chain(snapshot -> {
                if (snapshot.summary() == null) {
                    return Uni.createFrom().item(html(404, "Dashboard '" + id + "' shows dataset '" + d.dataset()
                            + "', which does not exist"));
                }
                DashboardPage page = DashboardPage.build(d, snapshot.summary(), Figures.of(snapshot.points()),
                        config.fontFamily(), echarts.path(), json);
                return dashboard.data("page", page).createUni()
                        .map(html -> Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                                .header("Cache-Control", "no-store").build());
            });
        });
    }

    private static Response html(int status, String message) {
        String escaped = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + status + "</title></head><body><p>"
                        + escaped + "</p></body></html>")
                .build();
    }
}
