package io.dingrelay.dispatcher.persistence;

import io.dingrelay.events.push.DeliveryStatus;
import java.util.EnumSet;
import java.util.Set;

/**
 * A delivery's state in the ledger. PLANNED → SENDING → DELIVERED | THROTTLED | RETRY_SCHEDULED | FAILED |
 * DEAD_LETTERED. Only PLANNED, THROTTLED and RETRY_SCHEDULED (and a SENDING whose sender died) can be claimed
 * for sending, so a DELIVERED delivery is never sent again.
 */
public enum LedgerStatus {
    PLANNED, SENDING, DELIVERED, THROTTLED, RETRY_SCHEDULED, FAILED, DEAD_LETTERED;

    /** States a run still waits on; a run with none of them left is finished. */
    public static final Set<LedgerStatus> PENDING = EnumSet.of(PLANNED, SENDING, THROTTLED, RETRY_SCHEDULED);

    public static LedgerStatus of(DeliveryStatus s) {
        return valueOf(s.name());
    }
}
