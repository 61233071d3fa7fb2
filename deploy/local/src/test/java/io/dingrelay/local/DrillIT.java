package io.dingrelay.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.dingrelay.local.drill.Drill;
import io.dingrelay.local.drill.Scale;
import io.dingrelay.local.drill.ScenarioResult;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's drill in its reduced form ({@link Scale#REDUCED}): the whole stack on its own temporary data folder and
 * free ports, every scenario under its faults (broker stop/start, SIGKILLed and restarted services, PostgreSQL
 * restart), and the table {@code deploy/local/drill} prints. Nothing may be lost or duplicated.
 */
class DrillIT {

    /**
     * Services whose 5xx under fuzzed input the drill found and which are not fixed yet; the drill itself (its exit
     * code and table) still fails on them, this test holds everything else to zero. Remove a name once fixed. None
     * now: the console's broken form bodies (a lone {@code %} in a body larger than a network chunk, a 500 until
     * 2026-12-02) are decoded by the console itself and answered 400.
     */
    static final List<String> KNOWN_OPEN = List.of();

    @Test
    void nothingIsLostOrDuplicatedUnderFire() throws Exception {
        List<ScenarioResult> results = new Drill(Scale.REDUCED, new LinkedHashSet<>(Drill.ORDER), null, System.out).run();
        String table = io.dingrelay.local.drill.DrillTable.render(results);
        System.out.println(table);
        assertThat(results).as(table).hasSizeGreaterThanOrEqualTo(2);
        for (ScenarioResult r : results) {
            List<String> problems = r.problems().stream()
                    .filter(p -> KNOWN_OPEN.stream().noneMatch(s -> p.startsWith(s + ": ") || p.startsWith("no answer: " + s + " "))).toList();
            long known5xx = KNOWN_OPEN.stream().mapToLong(s -> r.fiveXxByService().getOrDefault(s, 0L)).sum();
            assertThat(problems).as(r.scenario() + "\n" + table).isEmpty();
            assertThat(r.lost()).as(r.scenario() + " lost\n" + table).isLessThanOrEqualTo(0);
            assertThat(r.duplicated()).as(r.scenario() + " duplicated\n" + table).isLessThanOrEqualTo(0);
            assertThat(r.fiveXx() - known5xx).as(r.scenario() + " 5xx\n" + table).isLessThanOrEqualTo(0);
            assertThat(r.bans()).as(r.scenario() + " bans\n" + table).isLessThanOrEqualTo(0);
        }
        // Scenario 2 must have pushed to every group: "duplicated" counts groups shown the message twice, the re-sends
        // DingTalk absorbs by msgUuid are their own column and fail nothing.
        ScenarioResult push = results.stream().filter(r -> r.scenario().startsWith("2 ")).findFirst().orElseThrow();
        assertThat(push.delivered()).as("scenario 2 delivered\n" + table).isEqualTo(Scale.REDUCED.pushGroups());
        // Scenario 1 must have been answered and found: a drill that sent nothing proves nothing.
        assertThat(results.get(0).answered()).isPositive();
        assertThat(results.get(0).delivered()).isEqualTo(results.get(0).answered());
    }
}
