package io.dingrelay.local.drill;

import java.util.List;
import java.util.Map;

/**
 * One row of the drill's table. Counts that do not apply to a scenario are -1 (printed as "-").
 *
 * @param scenario   its name
 * @param done       what was done, faults included
 * @param answered   requests answered as the scenario expects (ingress: 200; push: deliveries the dispatcher reported)
 * @param delivered  what arrived where it should (ingress: ids found in Kafka; push: groups with the message)
 * @param lost       answered/planned but not arrived
 * @param duplicated arrived more than once (push: groups shown the message more than once)
 * @param absorbed   re-sends DingTalk absorbs and the group is not shown again (push: a webhook send repeating a msgUuid
 *                   the group already has, DingTalk's idempotency key); counted apart, never a duplicate, never hidden
 * @param bans       DingTalk bans seen by the simulator
 * @param fiveXx     5xx answers that were not injected or expected (ingress: 503 is DingTalk's "retry", counted in notes)
 * @param problems   anything else that fails the drill (wrong answers, secrets in logs, state mismatches)
 * @param notes      figures worth reading that fail nothing
 * @param fiveXxByService the 5xx answers by the service that gave them (scenario 4)
 */
public record ScenarioResult(String scenario, String done, long answered, long delivered, long lost, long duplicated,
        long absorbed, long bans, long fiveXx, List<String> problems, List<String> notes, Map<String, Long> fiveXxByService) {

    public ScenarioResult {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
        fiveXxByService = Map.copyOf(fiveXxByService);
    }

    /** A row without an absorbed count (scenarios where nothing can be absorbed). */
    public ScenarioResult(String scenario, String done, long answered, long delivered, long lost, long duplicated,
            long bans, long fiveXx, List<String> problems, List<String> notes, Map<String, Long> fiveXxByService) {
        this(scenario, done, answered, delivered, lost, duplicated, -1, bans, fiveXx, problems, notes, fiveXxByService);
    }

    public ScenarioResult(String scenario, String done, long answered, long delivered, long lost, long duplicated,
            long bans, long fiveXx, List<String> problems, List<String> notes) {
        this(scenario, done, answered, delivered, lost, duplicated, -1, bans, fiveXx, problems, notes, Map.of());
    }

    /** Loss, duplicates, unexpected 5xx, bans or any other problem. */
    public boolean failed() {
        return lost > 0 || duplicated > 0 || fiveXx > 0 || bans > 0 || !problems.isEmpty();
    }

    public static ScenarioResult crashed(String scenario, Throwable e) {
        return new ScenarioResult(scenario, "did not complete", -1, -1, -1, -1, -1, -1,
                List.of("the scenario failed: " + e), List.of());
    }
}
