package io.dingrelay.screenshot.service;

import io.dingrelay.screenshot.config.ScreenshotConfig;
import io.dingrelay.screenshot.persistence.RenderRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The retention policy: renders not used (rendered, or asked for again) for {@code dingrelay.screenshot.retention}
 * are forgotten, except each dashboard's newest; then image files no render refers to are deleted. Hourly, and on
 * {@code POST /api/images/cleanup}. A picture already pushed stays fetchable for the retention period after its
 * last use, which outlasts how long a DingTalk chat shows a message as new.
 */
@ApplicationScoped
public class ImageRetention {

    private static final Logger LOG = Logger.getLogger(ImageRetention.class);
    /** A file younger than this may belong to a render whose row is not written yet. */
    private static final Duration FRESH = Duration.ofMinutes(10);

    /** @param renders rows removed @param files image files deleted */
    public record Result(int renders, int files) {
    }

    private final RenderRepository renders;
    private final ImageStore images;
    private final ScreenshotConfig config;
    private final MeterRegistry meters;

    public ImageRetention(RenderRepository renders, ImageStore images, ScreenshotConfig config, MeterRegistry meters) {
        this.renders = renders;
        this.images = images;
        this.config = config;
        this.meters = meters;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> hourly() {
        return run(Instant.now()).replaceWithVoid();
    }

    /** Applies the policy as of {@code now}. */
    public Uni<Result> run(Instant now) {
        return renders.deleteUnusedSince(now.minus(config.retention()))
                .chain(deleted -> renders.referencedHashes()
                        .emitOn(Infrastructure.getDefaultWorkerPool())
                        .map(keep -> new Result(deleted, images.deleteAllExcept(keep, now.minus(FRESH)))))
                .invoke(r -> {
                    meters.counter("dingrelay.screenshot.images.deleted").increment(r.files());
                    if (r.renders() > 0 || r.files() > 0) {
                        LOG.infof("Retention: %d renders forgotten, %d image files deleted", r.renders(), r.files());
                    }
                });
    }
}
