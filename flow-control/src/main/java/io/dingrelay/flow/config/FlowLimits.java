package io.dingrelay.flow.config;

import io.dingrelay.protocol.DingTalkLimits;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The budgets of every scope DingTalk limits (dingtalk-protocol.md §4, §5, §8), resolved: per robot (in the sender's
 * memory), per egress IP and per app and API (shared by every replica), per organisation per month.
 *
 * <p>{@link #defaults()} are DingTalk's published limits from {@link DingTalkLimits} less
 * {@value #DEFAULT_SAFETY_MARGIN} and shaped so that no window of the published length ever sees more than the
 * configured limit ({@link WindowBudget}):
 * <table>
 *   <caption>defaults</caption>
 *   <tr><th>scope</th><th>limit</th><th>burst</th><th>lease / chunk</th><th>sustained</th></tr>
 *   <tr><td>robot</td><td>18 / min</td><td>6</td><td>0 (local)</td><td>12 / min</td></tr>
 *   <tr><td>egress IP</td><td>9,000 / 20 s</td><td>180</td><td>250 ms / 45</td><td>435.6 / s</td></tr>
 *   <tr><td>app and API</td><td>18 / s</td><td>1</td><td>100 ms / 1</td><td>15.5 / s</td></tr>
 *   <tr><td>org and month</td><td>unset (edition-dependent)</td><td colspan="3">chunk 10, unused tokens given back at close</td></tr>
 * </table>
 *
 * @param robot           per custom robot
 * @param ip              per egress IP, all APIs together
 * @param app             per app and API (OpenAPI)
 * @param orgMonthlyQuota metered sends per organisation per calendar month (UTC); empty: not enforced
 * @param quotaChunk      quota tokens a replica takes from the shared bucket at once
 */
public record FlowLimits(WindowBudget robot, WindowBudget ip, WindowBudget app, OptionalLong orgMonthlyQuota, int quotaChunk) {

    public static final double DEFAULT_SAFETY_MARGIN = 0.1;
    public static final long DEFAULT_IP_LEASE_MILLIS = 250;
    /** App tokens are taken one at a time (20 per second is no load for PostgreSQL); the lease covers that round trip. */
    public static final long DEFAULT_APP_LEASE_MILLIS = 100;
    public static final int DEFAULT_QUOTA_CHUNK = 10;

    static final Duration ROBOT_WINDOW = DingTalkLimits.ROBOT_WINDOW;
    static final Duration APP_WINDOW = DingTalkLimits.APP_QPS_WINDOW;

    public FlowLimits {
        Objects.requireNonNull(robot, "robot");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(app, "app");
        orgMonthlyQuota = orgMonthlyQuota == null ? OptionalLong.empty() : orgMonthlyQuota;
        if (orgMonthlyQuota.isPresent() && orgMonthlyQuota.getAsLong() < 1) {
            throw new IllegalArgumentException("orgMonthlyQuota must be positive, was " + orgMonthlyQuota.getAsLong());
        }
        if (quotaChunk < 1) {
            throw new IllegalArgumentException("quotaChunk must be at least 1, was " + quotaChunk);
        }
    }

    /** DingTalk's published limits less {@value #DEFAULT_SAFETY_MARGIN}; no monthly quota. */
    public static FlowLimits defaults() {
        return lessMargin(DEFAULT_SAFETY_MARGIN);
    }

    /** DingTalk's published limits less {@code margin} (0 ≤ margin &lt; 1), shaped as the class comment says. */
    public static FlowLimits lessMargin(double margin) {
        if (!(margin >= 0 && margin < 1)) {
            throw new IllegalArgumentException("safetyMargin must be in [0, 1), was " + margin);
        }
        return new FlowLimits(
                robot(less(DingTalkLimits.ROBOT_MESSAGES_PER_MINUTE, margin)),
                ip(less(DingTalkLimits.IP_CALLS_PER_WINDOW, margin), DingTalkLimits.IP_WINDOW, Duration.ofMillis(DEFAULT_IP_LEASE_MILLIS)),
                app(less(DingTalkLimits.APP_QPS, margin)),
                OptionalLong.empty(), DEFAULT_QUOTA_CHUNK);
    }

    /** The defaults with every key {@code config} sets (design.md's {@code dingrelay.push.limits.*}). */
    public static FlowLimits from(LimitsConfig config) {
        FlowLimits l = lessMargin(config.safetyMargin().orElse(DEFAULT_SAFETY_MARGIN));
        if (config.robotPerMinute().isPresent()) {
            l = l.withRobot(robot(config.robotPerMinute().getAsInt()));
        }
        if (config.ipCalls().isPresent() || config.ipWindow().isPresent() || config.ipLease().isPresent()) {
            l = l.withIp(ip(config.ipCalls().orElse(l.ip().limit()), config.ipWindow().orElse(l.ip().window()),
                    config.ipLease().orElse(l.ip().lease())));
        }
        if (config.ipChunk().isPresent()) {
            l = l.withIp(l.ip().withChunk(config.ipChunk().getAsInt()));
        }
        if (config.appQps().isPresent()) {
            l = l.withApp(app(config.appQps().getAsInt()));
        }
        if (config.orgMonthlyQuota().isPresent()) {
            l = l.withOrgMonthlyQuota(config.orgMonthlyQuota().getAsLong());
        }
        return l;
    }

    /** A robot budget of {@code perMinute}: a third as burst, nothing leased (the bucket lives in the one consumer of the robot's partition). */
    public static WindowBudget robot(int perMinute) {
        return new WindowBudget(perMinute, ROBOT_WINDOW, Math.max(1, perMinute / 3), Duration.ZERO, 1);
    }

    /** An IP budget: a fiftieth as burst, a quarter of that per round trip. */
    public static WindowBudget ip(int calls, Duration window, Duration lease) {
        int burst = Math.max(1, calls / 50);
        return new WindowBudget(calls, window, burst, lease, Math.max(1, burst / 4));
    }

    /** An app-and-API budget of {@code qps}: burst 1, one token per round trip. */
    public static WindowBudget app(int qps) {
        return new WindowBudget(qps, APP_WINDOW, 1, Duration.ofMillis(DEFAULT_APP_LEASE_MILLIS), 1);
    }

    public FlowLimits withRobot(WindowBudget b) {
        return new FlowLimits(b, ip, app, orgMonthlyQuota, quotaChunk);
    }

    public FlowLimits withIp(WindowBudget b) {
        return new FlowLimits(robot, b, app, orgMonthlyQuota, quotaChunk);
    }

    public FlowLimits withApp(WindowBudget b) {
        return new FlowLimits(robot, ip, b, orgMonthlyQuota, quotaChunk);
    }

    public FlowLimits withOrgMonthlyQuota(long quota) {
        return new FlowLimits(robot, ip, app, OptionalLong.of(quota), quotaChunk);
    }

    public FlowLimits withQuotaChunk(int chunk) {
        return new FlowLimits(robot, ip, app, orgMonthlyQuota, chunk);
    }

    private static int less(int published, double margin) {
        return (int) Math.floor(published * (1 - margin) + 1e-9);
    }
}
