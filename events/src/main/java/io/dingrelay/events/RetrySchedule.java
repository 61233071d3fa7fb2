package io.dingrelay.events;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * When a failed delivery is tried again: the back-off steps as data, one {@code push.retry.<step>} topic per step
 * (as Svix keeps its retry schedule), so the topic names, the topics the local stack and the tests create, and the
 * senders' choice of the next step all come from this one list.
 *
 * <p>The steps: 30 seconds covers a transient failure (a timeout, a 5xx, a QPS limit of one second); 5 minutes
 * outlasts DingTalk's 5-minute ban of an egress IP (dingtalk-protocol.md, D-THROTTLE); 15 minutes outlasts its
 * 10-minute ban of a robot that sent more than 20 messages in a minute (§4.3); 1 hour and 4 hours ride out an outage
 * of DingTalk's side or of the group's (a robot switched off and on again) while a morning message is still worth
 * having the same day. The senders add ±20 % jitter to each step (so deliveries that failed together do not come back
 * together) and dead-letter a delivery older than their maximum age (24 h) whatever its step. A delivery that fails
 * after the last step goes to {@code push.dead-letter}.
 *
 * <p>Besides failed deliveries, throttled ones wait here too (a robot's or an IP's ban, a budget that would make the
 * send wait long, a paused run): {@link #topicFor(Duration)} picks the step nearest below their wait, so every topic's
 * records are due roughly in the order they were written and a consumer waiting for its head record delays the
 * records behind it by a fraction of the step at most.
 */
public final class RetrySchedule {

    /** The delay before each retry, in order: the first failure waits {@code STEPS.get(0)}, and so on. */
    public static final List<Duration> STEPS = List.of(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofHours(1), Duration.ofHours(4));

    private RetrySchedule() {
    }

    /** Every step's topic, in order: {@code push.retry.30s}, {@code .5m}, {@code .15m}, {@code .1h}, {@code .4h}. */
    public static List<String> topics() {
        return STEPS.stream().map(RetrySchedule::topicOf).toList();
    }

    /**
     * The topic a delivery waits on after its {@code failedAttempts}-th failure (1 for the first), or empty when the
     * schedule is exhausted and the delivery is dead-lettered.
     */
    public static Optional<String> topicAfter(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1, got " + failedAttempts);
        }
        return failedAttempts > STEPS.size() ? Optional.empty() : Optional.of(topicOf(STEPS.get(failedAttempts - 1)));
    }

    /** The delay before the retry after the {@code failedAttempts}-th failure (1 for the first), or empty when exhausted. */
    public static Optional<Duration> delayAfter(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1, got " + failedAttempts);
        }
        return failedAttempts > STEPS.size() ? Optional.empty() : Optional.of(STEPS.get(failedAttempts - 1));
    }

    /**
     * The topic a delivery that must wait {@code wait} is parked on: the longest step not longer than the wait (the
     * first step for shorter waits), so it is never read long before it is due, and never sits behind records due
     * much later than itself.
     */
    public static String topicFor(Duration wait) {
        Duration chosen = STEPS.get(0);
        for (Duration step : STEPS) {
            if (step.compareTo(wait) <= 0) {
                chosen = step;
            }
        }
        return topicOf(chosen);
    }

    /** The delay a {@code push.retry.*} topic stands for; empty for any other topic. */
    public static Optional<Duration> delayOf(String topic) {
        return STEPS.stream().filter(step -> topicOf(step).equals(topic)).findFirst();
    }

    /** {@code push.retry.} + the step in its largest whole unit: {@code 30s}, {@code 5m}, {@code 2h}. */
    static String topicOf(Duration step) {
        long seconds = step.toSeconds();
        if (seconds <= 0 || !step.equals(Duration.ofSeconds(seconds))) {
            throw new IllegalArgumentException("a retry step must be a positive whole number of seconds: " + step);
        }
        String label = seconds % 3600 == 0 ? seconds / 3600 + "h" : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
        return Topics.PUSH_RETRY_PREFIX + label;
    }
}
