package org.vigil.service.policy;

import java.time.Instant;
import java.util.Locale;
import java.util.stream.Collectors;

/** The one-line text form of a table entry, used by {@code toString} and the scenario files. */
final class TableText {

    private TableText() {
    }

    static String format(ServiceEntry e) {
        StringBuilder b = new StringBuilder(e.name()).append(": ").append(e.state().name().toLowerCase(Locale.ROOT));
        e.owner().ifPresent(o -> b.append(" owner=").append(o));
        e.lastOwner().ifPresent(o -> b.append(" last=").append(o));
        if (e.frozen()) {
            b.append(" frozen");
        }
        if (e.disabled()) {
            b.append(" disabled");
        }
        if (e.operatorStopped()) {
            b.append(" held");
        }
        if (!e.restarts().isEmpty()) {
            b.append(" restarts=").append(e.restarts().stream().map(TableText::seconds).collect(Collectors.joining(",")));
        }
        if (!e.failedStarts().isEmpty()) {
            b.append(" failed-starts=").append(String.join(",", e.failedStarts()));
        }
        return b.toString();
    }

    static String seconds(Instant t) {
        return t.getNano() == 0 ? Long.toString(t.getEpochSecond()) : t.toString();
    }
}
