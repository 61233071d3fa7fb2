package io.dingrelay.registry.service;

import java.time.Instant;

/**
 * Progress of a key rotation ({@code GET /api/keys/rotate}).
 *
 * @param id        the rotation
 * @param state     RUNNING, DONE or FAILED
 * @param targetKey the active key rows are re-encrypted under
 * @param total     rows under another key when it started
 * @param rewritten rows re-encrypted so far
 * @param skipped   rows changed concurrently (already rewritten or deleted) and left alone
 * @param failed    rows whose ciphertext could not be opened (key missing from the ring); they stay as they were
 * @param remaining rows still under another key (counted when the rotation ends)
 */
public record RotationProgress(String id, String state, String targetKey, long total, long rewritten, long skipped,
        long failed, Long remaining, Instant startedAt, Instant finishedAt, String error) {
}
