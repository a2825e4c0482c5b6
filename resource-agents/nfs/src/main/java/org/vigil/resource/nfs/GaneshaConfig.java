package org.vigil.resource.nfs;

import java.util.stream.Collectors;

/** Writes the nfs-ganesha configuration of one export (one server per resource). */
final class GaneshaConfig {

    private GaneshaConfig() {
    }

    /**
     * @param p the export's parameters
     * @return the text of ganesha.conf
     */
    static String render(NfsServerParameters p) {
        String protocols = p.protocols().stream().map(String::valueOf).collect(Collectors.joining(", "));
        String access = p.access().equals("ro") ? "RO" : "RW";
        String squash = switch (p.squash()) {
            case "no_root_squash" -> "No_Root_Squash";
            case "all_squash" -> "All_Squash";
            default -> "Root_Squash";
        };
        boolean everybody = p.clients().equals("*");
        StringBuilder s = new StringBuilder();
        s.append("# Written by Vigil's nfsserver resource agent; rewritten on every start.\n");
        s.append("NFS_CORE_PARAM {\n");
        s.append("    NFS_Port = ").append(p.port()).append(";\n");
        s.append("    MNT_Port = ").append(p.mountPort()).append(";\n");
        if (!p.bindAddress().isEmpty()) {
            s.append("    Bind_addr = ").append(p.bindAddress()).append(";\n");
        }
        s.append("    Protocols = ").append(protocols).append(";\n");
        s.append("    Enable_NLM = false;\n    Enable_RQUOTA = false;\n");
        s.append("}\n");
        s.append("NFSV4 {\n    Graceless = true;\n    RecoveryBackend = fs;\n    RecoveryRoot = ")
                .append(quote(p.stateDir().resolve("recovery").toString())).append(";\n}\n");
        s.append("NFS_KRB5 {\n    Active_krb5 = false;\n}\n");
        s.append("EXPORT {\n");
        s.append("    Export_Id = ").append(p.exportId()).append(";\n");
        s.append("    Path = ").append(quote(p.path())).append(";\n");
        s.append("    Pseudo = ").append(quote(p.pseudo())).append(";\n");
        s.append("    Access_Type = ").append(everybody ? access : "None").append(";\n");
        s.append("    Squash = ").append(squash).append(";\n");
        s.append("    Protocols = ").append(protocols).append(";\n");
        s.append("    SecType = sys;\n");
        if (!everybody) {
            s.append("    CLIENT {\n        Clients = ").append(p.clients()).append(";\n        Access_Type = ")
                    .append(access).append(";\n    }\n");
        }
        s.append("    FSAL {\n        Name = VFS;\n    }\n");
        s.append("}\n");
        return s.toString();
    }

    private static String quote(String path) {
        return "\"" + path.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
