package org.vigil.resource.nfs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds why nfs-ganesha failed in its log, without the noise it always writes (D-Bus, Kerberos, RADOS). */
final class GaneshaLog {

    private static final Pattern PROBLEM = Pattern.compile("\\] (\\S+) :([^:]+) :(WARN|MAJ|CRIT|FATAL) :(.*)$");
    private static final List<String> NOISE = List.of("DBUS", "NFS CB", "dbus", "krb5", "keytab", "RADOS", "gssd");

    private GaneshaLog() {
    }

    /** @return the log's size now (where the next start's lines begin) */
    static long size(Path log) {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * @param log  the log file
     * @param from where this start's lines begin
     * @return its warnings and errors since then, noise removed, joined with "; " (the last 5)
     */
    static String problemsSince(Path log, long from) {
        String text;
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.min(from, f.length());
            f.seek(start);
            byte[] b = new byte[(int) Math.min(f.length() - start, 1 << 20)];
            f.readFully(b);
            text = new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
        Set<String> found = new LinkedHashSet<>();
        for (String line : text.split("\n")) {
            Matcher m = PROBLEM.matcher(line);
            if (m.find() && NOISE.stream().noneMatch(n -> m.group(2).contains(n) || m.group(4).contains(n))) {
                found.add(m.group(4).strip());
            }
        }
        List<String> list = List.copyOf(found);
        return String.join("; ", list.subList(Math.max(0, list.size() - 5), list.size()));
    }
}
