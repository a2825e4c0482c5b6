package org.vigil.fence.external;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The line of an agent's stderr that says why it failed. ClusterLabs agents log through Python's
 * logging ({@code 2026-11-28 17:47:48,467 ERROR: Failed: ...}, sometimes continued on the next
 * lines) and end with a usage hint; the summary is the last {@code ERROR} line with its
 * continuation lines, else the last line, without the timestamp and the hint, at most
 * {@value #MAX} characters. Secrets are scrubbed by the caller.
 */
final class StderrSummary {
    static final int MAX = 300;

    private static final Pattern TIMESTAMP = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(,\\d+)? ");
    private static final Pattern NOISE = Pattern.compile(
            "^(ERROR: )?Please use '-h' for usage$|DeprecationWarning|^from pipes import quote$");
    private static final Pattern LEVEL = Pattern.compile("^(ERROR|CRITICAL)(:root)?:");
    private static final Pattern ANY_LEVEL = Pattern.compile("^(DEBUG|INFO|WARNING|ERROR|CRITICAL)(:root)?:");

    private StderrSummary() {
    }

    /**
     * @param stderr what the agent printed on stderr
     * @return the summary, or "" when it printed nothing useful
     */
    static String of(String stderr) {
        List<String> lines = new ArrayList<>();
        for (String raw : stderr.split("\\R")) {
            String l = TIMESTAMP.matcher(raw.strip()).replaceFirst("").strip();
            if (!l.isEmpty() && !NOISE.matcher(l).find()) {
                lines.add(l.replaceAll("\\p{Cntrl}", " "));
            }
        }
        if (lines.isEmpty()) {
            return "";
        }
        int error = -1;
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (LEVEL.matcher(lines.get(i)).find()) {
                error = i;
                break;
            }
        }
        String summary;
        if (error < 0) {
            summary = lines.get(lines.size() - 1);
        } else {
            StringBuilder sb = new StringBuilder(lines.get(error).replaceFirst("^(ERROR|CRITICAL)(:root)?: *", ""));
            for (int i = error + 1; i < lines.size() && i <= error + 3 && !ANY_LEVEL.matcher(lines.get(i)).find(); i++) {
                sb.append("; ").append(lines.get(i));
            }
            summary = sb.toString();
        }
        return summary.length() > MAX ? summary.substring(0, MAX) + "..." : summary;
    }
}
