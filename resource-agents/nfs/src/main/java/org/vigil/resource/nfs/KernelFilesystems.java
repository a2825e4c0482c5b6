package org.vigil.resource.nfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vigil.resource.support.Commands;
import org.vigil.resource.support.Deadline;

/** Whether this kernel can mount a file system type ({@code /proc/filesystems}, loading the module if it can). */
final class KernelFilesystems {

    private KernelFilesystems() {
    }

    /**
     * Checks the kernel knows a file system type; when it does not and {@code modprobe}
     * exists, loads the module and checks again.
     *
     * @param fstype      the type, e.g. {@code nfs}
     * @param filesystems the kernel's list ({@code /proc/filesystems})
     * @param commands    to run modprobe
     * @param deadline    the operation's deadline
     * @return true when the kernel has it
     * @throws IOException when the list cannot be read
     */
    static boolean supports(String fstype, Path filesystems, Commands commands, Deadline deadline) throws IOException {
        if (listed(fstype, filesystems)) {
            return true;
        }
        if (Commands.find("modprobe").isEmpty()) {
            return false;
        }
        commands.run(deadline, "modprobe", "-q", fstype);
        return listed(fstype, filesystems);
    }

    private static boolean listed(String fstype, Path filesystems) throws IOException {
        for (String line : Files.readString(filesystems, StandardCharsets.UTF_8).split("\n")) {
            String[] w = line.trim().split("\\s+");
            if (w.length > 0 && w[w.length - 1].equals(fstype)) {
                return true;
            }
        }
        return false;
    }
}
