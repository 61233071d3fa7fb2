package io.dingrelay.dispatcher.progress;

import io.dingrelay.dispatcher.persistence.Ledger;
import io.dingrelay.dispatcher.persistence.LedgerStatus;
import io.dingrelay.dispatcher.service.Run;
import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /api/runs/{runId}}: a run's counts from the ledger and its timing.
 *
 * @param pending        planned, sending, throttled and retry-scheduled together
 * @param ratePerSecond  deliveries per second over the last minute
 * @param etaSeconds     pending / rate, null when nothing is moving
 * @param pauseReason    why the run is PAUSED (a monthly quota used up, an operator); null when it is not
 */
public record RunProgress(String runId, String campaignId, String trigger, String status, Instant scheduledFor, long total,
                          long delivered, long failed, long throttled, long retryScheduled, long sending, long pending,
                          long deadLettered, double ratePerSecond, Long etaSeconds, Instant createdAt, Instant startedAt,
                          Instant plannedAt, Instant finishedAt, Long durationMs, String reason, String pauseReason, Instant pausedAt,
                          Map<String, Long> byStatus) {

    public static RunProgress of(Run run, Ledger.Counts c) {
        long pending = c.pending();
        double rate = c.deliveredLastMinute() / 60.0;
        Long eta = pending == 0 ? Long.valueOf(0) : rate > 0 ? Long.valueOf((long) Math.ceil(pending / rate)) : null;
        long total = Math.max(run.total(), c.total());
        return new RunProgress(run.id().value(), run.campaignId().value(), run.trigger(), run.status(), run.scheduledFor(), total,
                c.of(LedgerStatus.DELIVERED), c.of(LedgerStatus.FAILED), c.of(LedgerStatus.THROTTLED), c.of(LedgerStatus.RETRY_SCHEDULED),
                c.of(LedgerStatus.SENDING), pending, c.of(LedgerStatus.DEAD_LETTERED), Math.round(rate * 10) / 10.0, eta,
                run.createdAt(), run.startedAt(), run.plannedAt(), run.finishedAt(), run.durationMs(), run.reason(),
                run.pauseReason(), run.pausedAt(), c.asMap());
    }
}
