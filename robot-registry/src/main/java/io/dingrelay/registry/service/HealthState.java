package io.dingrelay.registry.service;

import io.dingrelay.registry.persistence.GroupStatus;
import java.time.Instant;

/** The delivery health of one group, loaded, folded by {@link OutcomePolicy} and written back. */
public final class HealthState {

    public String id;
    public GroupStatus status;
    public String statusReason;
    public int consecutiveFailures;
    public Instant failingSince;
    public Instant lastDeliveredAt;
    public String lastErrorCode;
    public String lastOutcome;
    public Instant lastOutcomeAt;
    public boolean changed;
}
