package io.dingrelay.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The registry's own settings ({@code dingrelay.registry.*}). */
@ConfigMapping(prefix = "dingrelay.registry")
public interface RegistryConfig {

    /** Most rows one bulk import may carry; more is 413 and nothing is written. Default 100,000. */
    @WithDefault("100000")
    int importMaxRows();

    /** Rows per keyset page the audience stream reads from PostgreSQL. Default 5,000 (about 2 MB of JSON). */
    @WithDefault("5000")
    int audiencePageSize();

    /**
     * How long retryable delivery failures may persist, with no success in between, before the group is
     * DISABLED. Default 5 days (what Svix waits before disabling an endpoint).
     */
    @WithDefault("P5D")
    Duration failureWindow();

    /** Rows re-encrypted per transaction by key rotation. Default 1,000. */
    @WithDefault("1000")
    int rotationBatchSize();

    /** Page size of {@code GET /api/groups} without {@code limit}. Default 100. */
    @WithDefault("100")
    int defaultPageSize();

    /** Largest {@code limit} of {@code GET /api/groups}. Default 1,000. */
    @WithDefault("1000")
    int maxPageSize();
}
