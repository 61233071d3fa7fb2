package io.dingrelay.screenshot.model;

import java.time.Instant;

/**
 * A dataset's identity and version.
 *
 * @param name      the dataset
 * @param revision  goes up with every ingest that changed a value: the version of its data
 * @param points    how many points it holds
 * @param updatedAt when it last changed
 */
public record DatasetSummary(String name, long revision, long points, Instant updatedAt) {
}
