package io.dingrelay.simulator.fault;

/**
 * Faults to inject into DingTalk-facing answers, globally or for one group. Rates are shares in [0,1]
 * drawn independently per request in this order: drop, timeout, 5xx, throttle; latency delays whatever
 * answer follows.
 *
 * @param groupId      the group it applies to, or null for all
 * @param latencyMs    added delay before answering
 * @param errorRate    share answered with {@code errorStatus} (5xx) and a plain body
 * @param errorStatus  the 5xx status to answer (default 503)
 * @param timeoutRate  share never answered (the connection stays open until the client gives up)
 * @param dropRate     share whose connection is closed without an answer
 * @param throttleRate share answered with the robot-throttled errcode although under the limit
 */
public record FaultSpec(String groupId, long latencyMs, double errorRate, int errorStatus, double timeoutRate,
                        double dropRate, double throttleRate) {

    public FaultSpec {
        if (latencyMs < 0 || latencyMs > 600_000) {
            throw new IllegalArgumentException("latencyMs: must be between 0 and 600000");
        }
        share("errorRate", errorRate);
        share("timeoutRate", timeoutRate);
        share("dropRate", dropRate);
        share("throttleRate", throttleRate);
        if (errorStatus == 0) {
            errorStatus = 503;
        }
        if (errorStatus < 500 || errorStatus > 599) {
            throw new IllegalArgumentException("errorStatus: must be a 5xx status");
        }
    }

    private static void share(String field, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(field + ": must be between 0 and 1");
        }
    }
}
