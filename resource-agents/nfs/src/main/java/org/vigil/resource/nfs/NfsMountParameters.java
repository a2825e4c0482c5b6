package org.vigil.resource.nfs;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigil.api.resource.ResourceParameter;

/**
 * The parameters of one {@code nfs} (client mount) resource, as rgmanager's {@code netfs}.
 *
 * @param host         the NFS server (name or address)
 * @param export       the exported path on the server
 * @param mountpoint   where to mount it here
 * @param fstype       {@code nfs} (v3, or what the server and options give) or {@code nfs4}
 * @param options      mount options ({@code -o}), empty for none
 * @param forceUnmount whether stop kills the processes using the mount when it is busy
 */
record NfsMountParameters(String host, String export, String mountpoint, String fstype, String options,
                          boolean forceUnmount) {

    /** The parameters, for the metadata. */
    static final List<ResourceParameter> PARAMETERS = List.of(
            new ResourceParameter("host", true, false, Optional.empty(), "NFS server name or address"),
            new ResourceParameter("export", true, false, Optional.empty(), "exported path on the server, e.g. /srv/web"),
            new ResourceParameter("mountpoint", true, true, Optional.empty(), "absolute path to mount it on"),
            new ResourceParameter("fstype", false, false, Optional.of("nfs"), "nfs or nfs4"),
            new ResourceParameter("options", false, false, Optional.empty(),
                    "mount options (mount -o), e.g. vers=3,hard,timeo=600"),
            new ResourceParameter("force_unmount", false, false, Optional.of("0"),
                    "1: stop kills every process using the mount (fuser -km) when umount finds it busy, and "
                            + "forces the last attempt (umount -f)"));

    /** @return {@code host:/export}, the host in brackets when it is an IPv6 address */
    String source() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + export;
    }

    /**
     * @param values the resource's parameters
     * @return them, checked
     * @throws IllegalArgumentException naming every bad parameter and why
     */
    static NfsMountParameters parse(Map<String, String> values) {
        Params p = new Params(values);
        String host = p.required("host");
        if (host != null && !host.matches("[A-Za-z0-9._:-]+")) {
            p.problem("host '" + host + "' is not a host name or address");
        }
        String export = p.path("export", true);
        String mp = p.path("mountpoint", true);
        if ("/".equals(mp)) {
            p.problem("mountpoint / is not allowed");
        }
        String fstype = p.oneOf("fstype", "nfs", "nfs", "nfs4");
        String options = p.get("options");
        if (options != null && (options.startsWith("-") || options.contains(" "))) {
            p.problem("options '" + options + "' must be a comma-separated list without spaces");
        }
        boolean force = p.bool("force_unmount", false);
        p.check("nfs");
        return new NfsMountParameters(host, export, mp, fstype, options == null ? "" : options, force);
    }
}
