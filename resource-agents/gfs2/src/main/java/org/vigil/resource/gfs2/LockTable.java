package org.vigil.resource.gfs2;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a GFS2 superblock says about locking ({@code tunegfs2 -l DEVICE}).
 *
 * @param protocol the lock protocol ({@code lock_dlm}, {@code lock_nolock})
 * @param table    the lock table, {@code CLUSTER:FSNAME}
 */
record LockTable(String protocol, String table) {

    private static final Pattern PROTOCOL = Pattern.compile("(?m)^Lock protocol:\\s*\"?([^\"\\s]*)\"?\\s*$");
    private static final Pattern TABLE = Pattern.compile("(?m)^Lock table:\\s*\"?([^\"\\s]*)\"?\\s*$");

    /** @return the cluster part of the lock table (before the colon) */
    String cluster() {
        int c = table.indexOf(':');
        return c < 0 ? table : table.substring(0, c);
    }

    /**
     * @param tunegfs2Output {@code tunegfs2 -l} output
     * @return the lock settings, if the output has them
     */
    static Optional<LockTable> parse(String tunegfs2Output) {
        Matcher t = TABLE.matcher(tunegfs2Output);
        if (!t.find()) {
            return Optional.empty();
        }
        Matcher p = PROTOCOL.matcher(tunegfs2Output);
        return Optional.of(new LockTable(p.find() ? p.group(1) : "", t.group(1)));
    }
}
