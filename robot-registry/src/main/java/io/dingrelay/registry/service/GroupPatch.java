package io.dingrelay.registry.service;

import io.dingrelay.registry.persistence.GroupStatus;
import java.util.List;

/**
 * {@code PATCH /api/groups/{id}}: each field optional. {@code status} ACTIVE resumes a paused group or re-enables
 * a disabled one (clearing its failure streak); PAUSED pauses an active one.
 */
public record GroupPatch(List<String> tags, String title, GroupStatus status) {
}
