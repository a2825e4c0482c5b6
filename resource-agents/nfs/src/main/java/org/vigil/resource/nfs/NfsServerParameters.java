package org.vigil.resource.nfs;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.vigil.api.resource.ResourceParameter;

/**
 * The parameters of one {@code nfsserver} resource: a directory exported by nfs-ganesha.
 *
 * @param path        the directory exported
 * @param pseudo      its NFSv4 pseudo path
 * @param port        the NFS port
 * @param mountPort   the MOUNT protocol port (NFSv3)
 * @param bindAddress the address to listen on; empty for every address
 * @param clients     who may mount it ({@code *}, addresses, networks, host names; comma-separated)
 * @param access      {@code rw} or {@code ro}
 * @param squash      {@code root_squash}, {@code no_root_squash} or {@code all_squash}
 * @param protocols   NFS versions served (3, 4)
 * @param exportId    ganesha's export id
 * @param stateDir    where the configuration, pid file and log go
 */
record NfsServerParameters(String path, String pseudo, int port, int mountPort, String bindAddress, String clients,
                           String access, String squash, SortedSet<Integer> protocols, int exportId,
                           Path stateDir) {

    /** The parameters, for the metadata. */
    static final List<ResourceParameter> PARAMETERS = List.of(
            new ResourceParameter("path", true, true, Optional.empty(), "the directory to export"),
            new ResourceParameter("pseudo", false, false, Optional.empty(),
                    "NFSv4 pseudo path clients mount; default: the same as path"),
            new ResourceParameter("port", false, false, Optional.of("2049"), "NFS port"),
            new ResourceParameter("mount_port", false, false, Optional.of("20048"), "MOUNT protocol port (NFSv3)"),
            new ResourceParameter("bind_address", false, false, Optional.empty(),
                    "address to listen on (e.g. the service's floating IP); default: every address"),
            new ResourceParameter("clients", false, false, Optional.of("*"),
                    "who may mount it: *, addresses, networks (198.18.0.0/15), host names; comma-separated"),
            new ResourceParameter("access", false, false, Optional.of("rw"), "rw or ro"),
            new ResourceParameter("squash", false, false, Optional.of("root_squash"),
                    "root_squash, no_root_squash or all_squash"),
            new ResourceParameter("protocols", false, false, Optional.of("3,4"), "NFS versions served: 3, 4 or 3,4"),
            new ResourceParameter("export_id", false, false, Optional.of("1"), "export id (1-65535)"),
            new ResourceParameter("state_dir", false, true, Optional.of("/var/lib/vigil/nfsserver/RESOURCE"),
                    "directory for the generated ganesha.conf, pid file and log"));

    /** @return the host clients and the monitor use: the bind address, or loopback when bound to all */
    String checkHost() {
        String h = bindAddress.isEmpty() || bindAddress.equals("0.0.0.0") ? "127.0.0.1"
                : bindAddress.equals("::") ? "::1" : bindAddress;
        return h.contains(":") ? "[" + h + "]" : h;
    }

    /**
     * @param resource the resource's name (for the default state directory)
     * @param values   its parameters
     * @return them, checked
     * @throws IllegalArgumentException naming every bad parameter and why
     */
    static NfsServerParameters parse(String resource, Map<String, String> values) {
        Params p = new Params(values);
        String path = p.path("path", true);
        if ("/".equals(path)) {
            p.problem("path / may not be exported");
        }
        String pseudo = p.path("pseudo", false);
        int port = p.integer("port", 2049, 1, 65535);
        int mountPort = p.integer("mount_port", 20048, 1, 65535);
        if (port == mountPort) {
            p.problem("port and mount_port are both " + port);
        }
        String bind = p.get("bind_address");
        if (bind != null && !bind.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            p.problem("bind_address '" + bind + "' is not an IP address");
        }
        String clients = p.get("clients");
        if (clients != null && !clients.matches("[A-Za-z0-9*.:/_,\\s-]+")) {
            p.problem("clients '" + clients + "' has characters a client list cannot have");
        }
        String access = p.oneOf("access", "rw", "rw", "ro");
        String squash = p.oneOf("squash", "root_squash", "root_squash", "no_root_squash", "all_squash");
        SortedSet<Integer> protocols = new TreeSet<>();
        String protoText = p.get("protocols");
        for (String v : (protoText == null ? "3,4" : protoText).split("[,\\s]+")) {
            switch (v) {
                case "3", "v3", "nfs3" -> protocols.add(3);
                case "4", "v4", "nfs4" -> protocols.add(4);
                case "" -> { }
                default -> p.problem("protocols: '" + v + "' is not 3 or 4");
            }
        }
        if (protocols.isEmpty()) {
            p.problem("protocols names no NFS version");
        }
        int exportId = p.integer("export_id", 1, 1, 65535);
        String state = p.path("state_dir", false);
        if (resource == null || !resource.matches("[A-Za-z0-9._-]+")) {
            if (state == null) {
                p.problem("resource name '" + resource + "' cannot name a state directory: give state_dir");
            }
        }
        p.check("nfsserver");
        String normalizedClients = clients == null ? "*"
                : String.join(", ", Arrays.stream(clients.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList());
        return new NfsServerParameters(path, pseudo == null ? path : pseudo, port, mountPort, bind == null ? "" : bind,
                normalizedClients, access, squash, protocols, exportId,
                Path.of(state != null ? state : "/var/lib/vigil/nfsserver/" + resource));
    }
}
