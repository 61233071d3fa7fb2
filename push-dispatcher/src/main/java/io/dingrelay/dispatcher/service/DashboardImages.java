package io.dingrelay.dispatcher.service;


import io.dingrelay.dispatcher.client.DashboardClient;
import io.dingrelay.dispatcher.config.PushConfig;
import io.dingrelay.dispatcher.messaging.ScreenshotRequestPublisher;
import io.dingrelay.events.ids.DashboardId;
import io.dingrelay.events.push.PushMessage;
import io.dingrelay.events.screenshot.ScreenshotReady;
import io.dingrelay.events.screenshot.ScreenshotRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The pre-rendered image of each dashboard per fire time (issue 13's pre-render, docs/decisions.md "pre-render policy"):
 * <ol>
 *   <li>{@link #request} asks screenshot-worker for a render of a dashboard for fire time T ({@code screenshot.requests},
 *       {@code fireAt = T}); the schedule ticker does so {@code dingrelay.push.prerender.lead} before T, a planner at
 *       the latest when its run starts (an on-demand run, or a replica that started after T − lead);</li>
 *   <li>{@link #rendered} files every {@code screenshot.ready} under (dashboard, fireAt): a READY image, or FAILED;</li>
 *   <li>{@link #imageFor} is what a run embeds: the READY image of its fire time; if none is known yet it waits up
 *       to {@code dingrelay.push.prerender.wait} for one, and a FAILED answer ends the wait at once. Without an image
 *       the run is sent without it (never held): see {@link Choice#withoutImage()}.</li>
 * </ol>
 * Every replica reads all of {@code screenshot.ready} (a group of its own), so whichever replica plans the run knows the
 * image. Requests are keyed {@code <dashboard>@<fireAt>}: several replicas asking for the same slot get the same image,
 * rendered once (the worker's renders are idempotent per data version).
 */
@ApplicationScoped
public class DashboardImages {

    private static final Logger LOG = Logger.getLogger(DashboardImages.class);
    /** Answers for fire times older than this are forgotten. */
    private static final Duration KEEP = Duration.ofDays(1);

    /** What a run embeds for its dashboard. */
    public record Choice(String imageUrl, String pageUrl, String reason) {

        /** No image: the message goes out without it (markdown images become a link to {@link #pageUrl}). */
        public boolean withoutImage() {
            return imageUrl == null;
        }
    }

    private record Key(String dashboardId, Instant fireAt) {

        static Key of(String dashboardId, Instant fireAt) {
            return new Key(dashboardId, fireAt.truncatedTo(ChronoUnit.MILLIS));
        }
    }

    /** Per (dashboard, fire time): completed by the first answer, replaced when a later READY answer follows a FAILED one. */
    private final ConcurrentHashMap<Key, CompletableFuture<ScreenshotReady>> answers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Boolean> requested = new ConcurrentHashMap<>();
    private final DashboardClient dashboards;
    private final ScreenshotRequestPublisher requests;
    private final PushConfig config;
    private final MeterRegistry meters;

    public DashboardImages(DashboardClient dashboards, ScreenshotRequestPublisher requests, PushConfig config, MeterRegistry meters) {
        this.dashboards = dashboards;
        this.requests = requests;
        this.config = config;
        this.meters = meters;
    }

    /**
     * Asks for a render of {@code dashboardId} for {@code fireAt}, unless this replica already asked or already has an
     * answer. Completes when the request is on the broker.
     */
    public Uni<Void> request(String dashboardId, Instant fireAt) {
        Key key = Key.of(dashboardId, fireAt);
        CompletableFuture<ScreenshotReady> known = answers.get(key);
        if ((known != null && known.isDone()) || requested.putIfAbsent(key, true) != null) {
            return Uni.createFrom().voidItem();
        }
        String requestId = dashboardId + "@" + key.fireAt();
        return requests.request(new ScreenshotRequest(DashboardId.of(dashboardId), requestId, 0, 0, Instant.now(), key.fireAt()))
                .invoke(() -> LOG.infof("Dashboard %s: render requested for fire time %s", dashboardId, key.fireAt()))
                .onFailure().invoke(e -> requested.remove(key));
    }

    /** One event from {@code screenshot.ready}. Events without a fire time (renders for "now") are not for a run. */
    public void rendered(ScreenshotReady ready) {
        if (ready.dashboardId() == null || ready.fireAt() == null) {
            return;
        }
        Key key = Key.of(ready.dashboardId().value(), ready.fireAt());
        CompletableFuture<ScreenshotReady> f = answers.computeIfAbsent(key, k -> new CompletableFuture<>());
        if (!f.complete(ready) && ready.ready() && !f.join().ready()) {
            answers.put(key, CompletableFuture.completedFuture(ready)); // a READY after a FAILED (a retried render) wins
        }
        forgetOld(key.fireAt());
    }

    /**
     * The image a run of {@code dashboardId} firing at {@code fireAt} embeds: asks for it if nobody did, waits up to
     * {@code prerender.wait} for the answer. Never fails: no image is a {@link Choice} too.
     */
    public Uni<Choice> imageFor(String dashboardId, Instant fireAt) {
        Key key = Key.of(dashboardId, fireAt);
        String page = pageUrl(dashboardId);
        CompletableFuture<ScreenshotReady> answer = answers.computeIfAbsent(key, k -> new CompletableFuture<>());
        return request(dashboardId, fireAt)
                .onFailure().recoverWithNull()
                .chain(() -> Uni.createFrom().completionStage(answer.copy()))
                .ifNoItem().after(config.prerender().waitLimit()).failWith(TimeoutException::new)
                .map(ready -> ready.ready()
                        ? new Choice(ready.imageUrl(), page, "ready")
                        : new Choice(null, page, "failed: " + ready.error()))
                .onFailure().recoverWithItem(e -> new Choice(null, page, e instanceof TimeoutException
                        ? "no image within " + config.prerender().waitLimit().toSeconds() + " s" : "not available: " + e.getMessage()))
                .invoke(c -> {
                    String result = c.imageUrl() != null ? "ready" : c.reason().startsWith("failed") ? "failed"
                            : c.reason().startsWith("no image") ? "timeout" : "error";
                    meters.counter("dingrelay.push.dashboard.images", "result", result).increment();
                    if (c.withoutImage()) {
                        LOG.warnf("Dashboard %s for fire time %s: %s; sending without the image", dashboardId, key.fireAt(), c.reason());
                    }
                });
    }

    /** The dashboard's page as DingTalk clients reach it: the link a message without the image carries. */
    String pageUrl(String dashboardId) {
        return config.prerender().publicUrl()
                .map(u -> (u.endsWith("/") ? u.substring(0, u.length() - 1) : u) + "/dashboards/" + dashboardId)
                .orElseGet(() -> dashboards.pageUrl(dashboardId));
    }

    private void forgetOld(Instant newest) {
        Instant before = newest.minus(KEEP);
        answers.keySet().removeIf(k -> k.fireAt().isBefore(before));
        requested.keySet().removeIf(k -> k.fireAt().isBefore(before));
    }

    /**
     * What a run sends, for the planner and for a replay alike. With a dashboard: its image pre-rendered for the run's
     * fire time ({@link #imageFor}); without one the message goes out without the image (never held).
     */
    public Uni<PushMessage> messageOf(Run run, Campaign campaign) {
        if (campaign.dashboardId() == null) {
            return Uni.createFrom().item(new PushMessage(campaign.message(), campaign.vars(), campaign.zone(), run.firedAt(), null));
        }
        return imageFor(campaign.dashboardId(), run.firedAt())
                .map(choice -> choice.withoutImage()
                        ? new PushMessage(MessageTemplate.withoutDashboardImage(campaign.message()), campaign.vars(), campaign.zone(),
                                run.firedAt(), choice.pageUrl())
                        : new PushMessage(campaign.message(), campaign.vars(), campaign.zone(), run.firedAt(), choice.imageUrl()));
    }
}
