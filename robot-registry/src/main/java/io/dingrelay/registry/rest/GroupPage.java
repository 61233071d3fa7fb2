package io.dingrelay.registry.rest;

import java.util.List;

/**
 * A page of {@code GET /api/groups}: {@code next} is the cursor for the following page ({@code after=next}), null
 * on the last page.
 */
public record GroupPage(List<GroupView> items, String next) {
}
