package org.vigil.resource.gfs2;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vigil.api.resource.ResourceParameter;
import org.vigil.resource.support.MountTable;

/**
 * The parameters of one {@code gfs2} resource, checked (names as rgmanager's {@code clusterfs}).
 *
 * @param device       the block device (or file) holding the file system
 * @param mountpoint   where to mount it
 * @param options      mount options ({@code -o}), empty for none
 * @param forceUnmount whether stop kills the processes using the file system
 * @param clusterName  this cluster's name, if given (filled by the resource manager)
 */
record Gfs2Parameters(String device, String mountpoint, String options, boolean forceUnmount,
                      Optional<String> clusterName) {

    /** The parameters, for the metadata. */
    static final List<ResourceParameter> PARAMETERS = List.of(
            new ResourceParameter("device", true, false, Optional.empty(),
                    "block device (or file) holding the GFS2 file system"),
            new ResourceParameter("mountpoint", true, true, Optional.empty(), "absolute path to mount it on"),
            new ResourceParameter("options", false, false, Optional.empty(), "mount options (mount -o), e.g. noatime"),
            new ResourceParameter("force_unmount", false, false, Optional.of("1"),
                    "1: stop kills every process using the file system (fuser -km) when umount finds it busy"),
            new ResourceParameter("cluster_name", false, false, Optional.empty(),
                    "this cluster's name; filled by the resource manager from cluster.conf, the lock table's "
                            + "cluster part must equal it"));

    /**
     * @param params the resource's parameters
     * @return them, checked
     * @throws IllegalArgumentException naming every bad parameter and why
     */
    static Gfs2Parameters parse(Map<String, String> params) {
        List<String> problems = new ArrayList<>();
        String device = trimmed(params.get("device"));
        if (device == null) {
            problems.add("device is required");
        } else if (!device.startsWith("/")) {
            problems.add("device '" + device + "' is not an absolute path");
        }
        String mp = trimmed(params.get("mountpoint"));
        if (mp == null) {
            problems.add("mountpoint is required");
        } else if (!mp.startsWith("/")) {
            problems.add("mountpoint '" + mp + "' is not an absolute path");
        } else if (MountTable.normalize(mp).equals("/")) {
            problems.add("mountpoint / is not allowed");
        }
        String options = trimmed(params.get("options"));
        if (options != null && (options.startsWith("-") || options.contains(" "))) {
            problems.add("options '" + options + "' must be a comma-separated list without spaces");
        }
        boolean force = true;
        String f = trimmed(params.get("force_unmount"));
        if (f != null) {
            switch (f.toLowerCase(Locale.ROOT)) {
                case "1", "yes", "true", "on" -> force = true;
                case "0", "no", "false", "off" -> force = false;
                default -> problems.add("force_unmount '" + f + "' is not 1 or 0");
            }
        }
        String cluster = trimmed(params.get("cluster_name"));
        if (cluster != null && !cluster.matches("[A-Za-z0-9_-]{1,32}")) {
            problems.add("cluster_name '" + cluster + "' is not a GFS2 cluster name (1-32 letters, digits, '_', '-')");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid gfs2 resource parameters: " + String.join("; ", problems));
        }
        return new Gfs2Parameters(device, MountTable.normalize(mp), options == null ? "" : options, force,
                Optional.ofNullable(cluster));
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
