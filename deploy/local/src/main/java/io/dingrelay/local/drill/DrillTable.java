package io.dingrelay.local.drill;

import java.util.ArrayList;
import java.util.List;

/** The drill's table: one row per scenario, then each scenario's problems and notes. */
public final class DrillTable {

    private DrillTable() {
    }

    public static String render(List<ScenarioResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"scenario", "what was done", "answered", "delivered", "lost", "duplicated", "absorbed by msgUuid", "bans", "5xx", "verdict"});
        for (ScenarioResult r : results) {
            rows.add(new String[] {r.scenario(), r.done(), n(r.answered()), n(r.delivered()), n(r.lost()), n(r.duplicated()),
                    n(r.absorbed()), n(r.bans()), n(r.fiveXx()), r.failed() ? "FAIL" : "ok"});
        }
        StringBuilder out = new StringBuilder();
        out.append(markdown(rows));
        for (ScenarioResult r : results) {
            for (String p : r.problems()) {
                out.append("\n- ").append(r.scenario()).append(" PROBLEM: ").append(p);
            }
            for (String note : r.notes()) {
                out.append("\n- ").append(r.scenario()).append(": ").append(note);
            }
        }
        return out.append('\n').toString();
    }

    /** A Markdown table: readable in a terminal and pasted as it is into the README. */
    private static String markdown(List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            out.append('|');
            for (int i = 0; i < width.length; i++) {
                out.append(' ').append(pad(rows.get(r)[i], width[i], i >= 2 && r > 0)).append(" |");
            }
            out.append('\n');
            if (r == 0) {
                out.append('|');
                for (int i = 0; i < width.length; i++) {
                    out.append(i >= 2 ? "-".repeat(width[i] + 1) + ":|" : "-".repeat(width[i] + 2) + "|");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }

    private static String n(long v) {
        return v < 0 ? "-" : String.format("%,d", v);
    }
}
