package io.dingrelay.simulator.health;

import io.dingrelay.simulator.group.GroupStore;
import io.dingrelay.simulator.limit.LimitSettings;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready as soon as it serves; reports how many groups exist and whether DingTalk's limits are on. */
@Readiness
public class SimulatorReadiness implements HealthCheck {

    private final GroupStore groups;
    private final LimitSettings limits;

    public SimulatorReadiness(GroupStore groups, LimitSettings limits) {
        this.groups = groups;
        this.limits = limits;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("dingtalk-simulator").up()
                .withData("groups", groups.size())
                .withData("robotLimit", limits.current().robotEnabled())
                .withData("ipBudget", limits.current().ipEnabled())
                .withData("appQps", limits.current().appQpsEnabled())
                .build();
    }
}
