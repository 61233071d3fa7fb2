package io.dingrelay.registry.service;

import io.dingrelay.events.push.DeliveryOutcome;
import io.dingrelay.events.push.DeliveryStatus;
import io.dingrelay.protocol.answer.DingTalkErrcode;
import io.dingrelay.protocol.answer.Outcome;
import io.dingrelay.protocol.answer.Scope;
import io.dingrelay.registry.persistence.GroupStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * What one delivery outcome does to a group's health, as a pure function:
 * <ul>
 *   <li>a success clears the failure streak (unless the streak started after it);</li>
 *   <li>a failure whose code the protocol library classifies as PERMANENT for the GROUP or the ROBOT (disbanded,
 *       token not found, robot stopped, signature rejected) disables the group with that reason;</li>
 *   <li>other failures extend the streak; once it is older than the window (default 5 days), the group is
 *       disabled;</li>
 *   <li>THROTTLED is flow control, not a failure; failures of the message itself (too long, moderated) are the
 *       campaign's fault, not the group's.</li>
 * </ul>
 */
public final class OutcomePolicy {

    /** What became of an outcome. */
    public enum Result { CLEARED, FAILURE, DISABLED_PERMANENT, DISABLED_WINDOW, RECORDED, STALE }

    private OutcomePolicy() {
    }

    public static Result apply(HealthState s, DeliveryOutcome o, Duration window) {
        s.changed = true;
        if (s.lastOutcomeAt == null || !o.at().isBefore(s.lastOutcomeAt)) {
            s.lastOutcome = o.status().name();
            s.lastOutcomeAt = o.at();
        }
        if (o.status() == DeliveryStatus.DELIVERED) {
            if (s.lastDeliveredAt == null || o.at().isAfter(s.lastDeliveredAt)) {
                s.lastDeliveredAt = o.at();
            }
            if (s.failingSince == null || !o.at().isBefore(s.failingSince)) {
                s.consecutiveFailures = 0;
                s.failingSince = null;
                s.lastErrorCode = null;
                return Result.CLEARED;
            }
            return Result.STALE;
        }
        if (o.status() == DeliveryStatus.THROTTLED) {
            return Result.RECORDED;
        }
        Optional<DingTalkErrcode> errcode = classify(o.code(), o.message());
        if (errcode.isPresent() && errcode.get().outcome() == Outcome.PERMANENT) {
            Scope scope = errcode.get().scope();
            if (scope == Scope.GROUP || scope == Scope.ROBOT) {
                s.lastErrorCode = o.code();
                if (s.status == GroupStatus.ACTIVE || s.status == GroupStatus.PAUSED) {
                    s.status = GroupStatus.DISABLED;
                    s.statusReason = "permanent failure " + o.code() + ": " + errcode.get().meaning();
                    return Result.DISABLED_PERMANENT;
                }
                return Result.RECORDED;
            }
            // The message was at fault (too long, moderated...): nothing wrong with the group.
            return Result.RECORDED;
        }
        if (s.lastDeliveredAt != null && o.at().isBefore(s.lastDeliveredAt)) {
            // A failure from before the latest success: the group has worked since.
            return Result.STALE;
        }
        s.lastErrorCode = o.code();
        s.consecutiveFailures++;
        if (s.failingSince == null || o.at().isBefore(s.failingSince)) {
            s.failingSince = o.at();
        }
        if (s.status == GroupStatus.ACTIVE && Duration.between(s.failingSince, o.at()).compareTo(window) >= 0) {
            s.status = GroupStatus.DISABLED;
            s.statusReason = "delivery failing since " + s.failingSince + " (over " + window + "), last "
                    + (o.code() == null ? "failure" : "code " + o.code());
            return Result.DISABLED_WINDOW;
        }
        return Result.FAILURE;
    }

    /** The protocol library's entry for a code: numeric errcodes (webhooks) or OpenAPI code strings. */
    static Optional<DingTalkErrcode> classify(String code, String message) {
        if (code == null || code.isBlank()) {
            return Optional.empty();
        }
        if (code.matches("-?\\d{1,9}")) {
            return DingTalkErrcode.byErrcode(Integer.parseInt(code), message);
        }
        return DingTalkErrcode.byCode(code);
    }
}
