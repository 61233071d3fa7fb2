package io.dingrelay.local.drill;

import java.time.Duration;

/**
 * How big a drill is: {@code full} is issue 15's figures, {@code reduced} the form {@code ./mvnw verify} runs (a few
 * minutes on two shared cores).
 *
 * @param callbacks       scenario 1: callbacks sent (half robot messages, half event pushes)
 * @param callbackRate    scenario 1: callbacks offered per second (paced, so the faults land in the middle of the load)
 * @param fuzzRequests    scenario 4: bad requests over all public endpoints
 * @param registryGroups  scenario 3: groups whose robot events are replayed out of order and twice
 * @param pushGroups      scenario 2: simulator groups the campaign goes to
 * @param brokerOutage    how long the broker stays down
 */
public record Scale(String name, int callbacks, int callbackRate, int fuzzRequests, int registryGroups, int pushGroups,
        Duration brokerOutage) {

    public static final Scale FULL = new Scale("full", 100_000, 1_500, 10_000, 2_000, 20_000, Duration.ofSeconds(10));
    public static final Scale REDUCED = new Scale("reduced", 5_000, 125, 2_000, 200, 1_000, Duration.ofSeconds(4));

    public static Scale byName(String name) {
        return switch (name) {
            case "full" -> FULL;
            case "reduced" -> REDUCED;
            default -> throw new IllegalArgumentException("--scale must be full or reduced, was " + name);
        };
    }
}
