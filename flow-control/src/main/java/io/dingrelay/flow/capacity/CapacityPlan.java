package io.dingrelay.flow.capacity;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The capacity plan (容量评估) of a run, before anything is sent.
 *
 * @param binding          the limit that decides
 * @param bindingScope     which one: {@code egress-ip}, {@code app:<name>}, {@code robot}, {@code org-month}
 * @param totalSends       calls the run makes
 * @param minimumDuration  the shortest time our budgets allow for every call the run makes (they never exceed
 *                         DingTalk's limits, so DingTalk's own floor is lower: {@link #dingTalkFloor})
 * @param expectedFinish   start + minimumDuration; empty when the monthly quota stops the run first
 * @param dingTalkFloor    the least time DingTalk itself needs for the egress part (its published per-IP figure, no
 *                         margin: 300,000 calls from one IP take 10 minutes, protocol §8)
 * @param byScope          the minimum duration each limit alone would impose
 * @param quotaLeft        the organisation's quota left this month before the run; empty when not enforced
 * @param quotaExceeded    whether the run would exceed it
 * @param sendableInQuota  calls that fit into the quota left (= totalSends when not exceeded)
 */
public record CapacityPlan(Binding binding, String bindingScope, long totalSends, Duration minimumDuration,
                           Optional<Instant> expectedFinish, Duration dingTalkFloor, Map<String, Duration> byScope,
                           OptionalLong quotaLeft, boolean quotaExceeded, long sendableInQuota) {
}
