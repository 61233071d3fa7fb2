package io.dingrelay.dispatcher;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * DingTalk's limits scaled down (LimitsTest): two egress addresses (on Linux every 127.x.y.z is this host's, and the
 * simulator counts its per-IP budget by the socket's source address), an IP budget of 150 calls per 20 s per address
 * (the simulator allows 160: the rest is for OpenAPI token fetches, which flow-control does not budget), the real robot
 * budget (18/min) and app QPS (18/s), a monthly quota of 25 sends per organisation, two attempts, and short waits so
 * that parked deliveries look again within seconds.
 */
public class LimitsProfile implements QuarkusTestProfile {

    static final int IP_CALLS = 150;
    static final int SIM_IP_CALLS = 160;
    static final int QUOTA = 25;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("dingrelay.push.egress-addresses", "127.0.0.2,127.0.0.3"),
                Map.entry("dingrelay.push.limits.ip-calls", String.valueOf(IP_CALLS)),
                Map.entry("dingrelay.push.limits.ip-window", "20s"),
                Map.entry("dingrelay.push.limits.app-qps", "18"),
                Map.entry("dingrelay.push.limits.org-monthly-quota", String.valueOf(QUOTA)),
                Map.entry("dingrelay.push.limits.max-wait", "1s"),
                Map.entry("dingrelay.push.max-attempts", "2"),
                Map.entry("dingrelay.push.retry.max-park", "3s"),
                Map.entry("dingrelay.push.retry.paused-recheck", "2s"),
                // the first retry after 6 s ± 20 % instead of 30 s
                Map.entry("dingrelay.push.retry.delay-scale", "0.2"));
    }
}
