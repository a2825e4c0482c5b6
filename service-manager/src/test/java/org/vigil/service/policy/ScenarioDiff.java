package org.vigil.service.policy;

import java.util.ArrayList;
import java.util.List;

/** Compares a decision with a scenario's expectations and writes the differences for people. */
final class ScenarioDiff {

    private ScenarioDiff() {
    }

    /** @return empty when the decision is as expected, else a readable diff */
    static String compare(Scenario sc, Decision d) {
        StringBuilder out = new StringBuilder();
        // actions: the same set of descriptions; an expected reason fragment must be in the reason
        List<Action> actual = new ArrayList<>(d.actions());
        List<String> missing = new ArrayList<>();
        List<String> badReason = new ArrayList<>();
        for (String e : sc.expectedActions()) {
            String desc = e.contains(": ") ? e.substring(0, e.indexOf(": ")) : e;
            String frag = e.contains(": ") ? e.substring(e.indexOf(": ") + 2) : "";
            Action match = actual.stream().filter(a -> a.describe().equals(desc)).findFirst().orElse(null);
            if (match == null) {
                missing.add(e);
            } else {
                actual.remove(match);
                if (!match.reason().contains(frag)) {
                    badReason.add(desc + "\n      expected reason containing: " + frag + "\n      actual reason:             "
                        + match.reason());
                }
            }
        }
        if (!missing.isEmpty() || !actual.isEmpty() || !badReason.isEmpty()) {
            out.append("  actions differ:\n");
            missing.forEach(m -> out.append("    - ").append(m).append("   (expected, not decided)\n"));
            actual.forEach(a -> out.append("    + ").append(a).append("   (decided, not expected)\n"));
            badReason.forEach(b -> out.append("    ~ ").append(b).append('\n'));
        }
        // table: exact lines
        List<String> table = tableLines(d.table());
        if (!table.equals(sc.expectedTable())) {
            out.append("  table differs:\n");
            for (String e : sc.expectedTable()) {
                if (!table.contains(e)) {
                    out.append("    - ").append(e).append('\n');
                }
            }
            for (String a : table) {
                if (!sc.expectedTable().contains(a)) {
                    out.append("    + ").append(a).append('\n');
                }
            }
            if (out.toString().endsWith("table differs:\n")) {
                out.append("    (same lines, other order) expected ").append(sc.expectedTable()).append('\n');
            }
        }
        for (String[] why : sc.expectedWhy()) {
            ServiceEntry e = d.table().services().get(why[0]);
            if (e == null || !e.reason().contains(why[1])) {
                out.append("  why ").append(why[0]).append(": expected reason containing: ").append(why[1])
                    .append("\n      actual reason: ").append(e == null ? "(no entry)" : e.reason()).append('\n');
            }
        }
        if (!sc.expectedRequests().isEmpty()) {
            for (int i = 0; i < sc.expectedRequests().size(); i++) {
                String e = sc.expectedRequests().get(i);
                RequestOutcome o = d.outcomes().get(i);
                String head = e.contains(": ") && e.indexOf(": ") > e.indexOf(" -> ") ? e.substring(0, e.indexOf(": ", e.indexOf(" -> "))) : e;
                String frag = head.length() < e.length() ? e.substring(head.length() + 2) : "";
                String actualHead = o.request() + " -> " + (o.accepted() ? "accepted" : "refused");
                if (!actualHead.equals(head) || !o.message().contains(frag)) {
                    out.append("  request ").append(i + 1).append(" differs:\n    - ").append(e).append("\n    + ")
                        .append(o).append('\n');
                }
            }
        }
        if (out.length() > 0) {
            out.append("  the whole decision:\n");
            d.actions().forEach(a -> out.append("    action  ").append(a).append('\n'));
            table.forEach(t -> out.append("    table   ").append(t).append('\n'));
            d.table().services().values().forEach(e -> out.append("    why     ").append(e.name()).append(": ")
                .append(e.reason()).append('\n'));
            d.outcomes().forEach(o -> out.append("    request ").append(o).append('\n'));
        }
        return out.toString();
    }

    static List<String> tableLines(ServiceTable t) {
        List<String> lines = new ArrayList<>();
        if (t.locked()) {
            lines.add("locked");
        }
        t.services().values().forEach(e -> lines.add(e.toString()));
        return lines;
    }
}
