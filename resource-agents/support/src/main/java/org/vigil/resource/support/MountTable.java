package org.vigil.resource.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's mount table ({@code /proc/self/mounts}, or another process's in tests).
 *
 * @param entries the mounts, in mount order
 */
public record MountTable(List<Entry> entries) {

    /**
     * One mount.
     *
     * @param source  what is mounted ({@code /dev/loop0}, {@code host:/export})
     * @param target  where
     * @param fstype  the file system type
     * @param options the mount options
     */
    public record Entry(String source, String target, String fstype, String options) {
    }

    /**
     * @param file the mounts file
     * @return its entries
     * @throws IOException when it cannot be read
     */
    public static MountTable read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * @param text a mounts file's text
     * @return its entries (spaces and other characters the kernel escapes as {@code \040} restored)
     */
    public static MountTable parse(String text) {
        List<Entry> list = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] w = line.split(" ");
            if (w.length >= 4) {
                list.add(new Entry(unescape(w[0]), unescape(w[1]), w[2], w[3]));
            }
        }
        return new MountTable(List.copyOf(list));
    }

    /**
     * @param mountpoint a directory
     * @return the mount visible there (the last one mounted on it)
     */
    public Optional<Entry> at(String mountpoint) {
        String mp = normalize(mountpoint);
        Entry found = null;
        for (Entry e : entries) {
            if (e.target().equals(mp)) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    /** @return the path without a trailing slash or dot segments */
    public static String normalize(String path) {
        String p = Path.of(path).normalize().toString();
        return p.isEmpty() ? "/" : p;
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
