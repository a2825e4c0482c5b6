package org.vigil.itests.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A cluster's {@code cluster.conf} (RHCS format) as an immutable value: change it with the
 * {@code with...} methods, write it with {@link #toXml()}.
 *
 * <pre>{@code
 * <cluster name="NAME" config_version="1">
 *   <cman expected_votes="3"/>
 *   <totem token="500"/>
 *   <quorumd device="/path/qdisk" votes="2" interval="1" tko="10" label="qdisk"/>
 *   <clusternodes>
 *     <clusternode name="node1" nodeid="1" votes="1" address="127.0.0.1" port="7101"/>
 *   </clusternodes>
 *   <fencedevices/>
 *   <rm/>
 * </cluster>
 * }</pre>
 *
 * @param name          the cluster name; null leaves the attribute out (a bad config)
 * @param configVersion {@code config_version}
 * @param cman          attributes of {@code <cman>} in order (votequorum options); empty: no attributes
 * @param tokenMillis   {@code <totem token>}; null leaves {@code <totem>} out
 * @param quorumDisk    the {@code <quorumd>}, or null
 * @param members       the {@code <clusternode>}s in order
 */
public record ClusterConfig(String name, int configVersion, Map<String, String> cman, Integer tokenMillis,
                            QuorumDisk quorumDisk, List<Member> members) {

    /** The totem token the tests use unless told otherwise (ms). */
    public static final int DEFAULT_TOKEN_MILLIS = 500;

    /** Copies the collections. */
    public ClusterConfig {
        cman = Collections.unmodifiableMap(new LinkedHashMap<>(cman));
        members = List.copyOf(members);
    }

    /** @return a config with this name, version 1, token 500 ms, no members */
    public static ClusterConfig named(String name) {
        return new ClusterConfig(name, 1, Map.of(), DEFAULT_TOKEN_MILLIS, null, List.of());
    }

    /**
     * A {@code <clusternode>}.
     *
     * @param name      the node name
     * @param nodeId    {@code nodeid}
     * @param votes     {@code votes}
     * @param address   {@code address}; null leaves it out
     * @param port      {@code port} (TCP and UDP); null leaves it out
     * @param innerXml  child elements written inside ({@code <fence>...}), or ""
     */
    public record Member(String name, int nodeId, int votes, String address, Integer port, String innerXml) {
        /** Normalises a null inner XML to "". */
        public Member {
            innerXml = innerXml == null ? "" : innerXml;
        }

        /** @return this member with other votes */
        public Member withVotes(int v) {
            return new Member(name, nodeId, v, address, port, innerXml);
        }

        /** @return this member with another node id */
        public Member withNodeId(int id) {
            return new Member(name, id, votes, address, port, innerXml);
        }
    }

    /**
     * A {@code <quorumd>}.
     *
     * @param device   the shared file
     * @param votes    its votes
     * @param interval seconds between heartbeats
     * @param tko      missed heartbeats before a node counts as dead on the disk
     * @param label    its label
     */
    public record QuorumDisk(String device, int votes, int interval, int tko, String label) {
    }

    /** @return this config with another cluster name (null: no name attribute) */
    public ClusterConfig withName(String newName) {
        return new ClusterConfig(newName, configVersion, cman, tokenMillis, quorumDisk, members);
    }

    /** @return this config with another config_version */
    public ClusterConfig withConfigVersion(int version) {
        return new ClusterConfig(name, version, cman, tokenMillis, quorumDisk, members);
    }

    /** @return this config with one {@code <cman>} attribute set (e.g. {@code expected_votes}, {@code two_node}) */
    public ClusterConfig withCman(String attribute, String value) {
        Map<String, String> c = new LinkedHashMap<>(cman);
        c.put(attribute, value);
        return new ClusterConfig(name, configVersion, c, tokenMillis, quorumDisk, members);
    }

    /** @return this config with another totem token (null: no {@code <totem>}) */
    public ClusterConfig withToken(Integer millis) {
        return new ClusterConfig(name, configVersion, cman, millis, quorumDisk, members);
    }

    /** @return this config with a quorum disk (null: none) */
    public ClusterConfig withQuorumDisk(QuorumDisk disk) {
        return new ClusterConfig(name, configVersion, cman, tokenMillis, disk, members);
    }

    /** @return this config with one more member at the end */
    public ClusterConfig withMember(Member member) {
        List<Member> m = new ArrayList<>(members);
        m.add(member);
        return new ClusterConfig(name, configVersion, cman, tokenMillis, quorumDisk, m);
    }

    /** @return this config with {@code node}'s address and ports, as the next node id, 1 vote */
    public ClusterConfig withMember(Node node) {
        int nextId = members.stream().mapToInt(Member::nodeId).max().orElse(0) + 1;
        return withMember(new Member(node.name(), nextId, 1, node.address(), node.clusterPort(), ""));
    }

    /** @return this config with the named member changed by {@code change} */
    public ClusterConfig withMember(String memberName, UnaryOperator<Member> change) {
        if (members.stream().noneMatch(m -> m.name().equals(memberName))) {
            throw new IllegalArgumentException("no member " + memberName + " in " + this);
        }
        List<Member> m = members.stream().map(x -> x.name().equals(memberName) ? change.apply(x) : x).toList();
        return new ClusterConfig(name, configVersion, cman, tokenMillis, quorumDisk, m);
    }

    /** @return this config without the named member */
    public ClusterConfig withoutMember(String memberName) {
        List<Member> m = members.stream().filter(x -> !x.name().equals(memberName)).toList();
        return new ClusterConfig(name, configVersion, cman, tokenMillis, quorumDisk, m);
    }

    /** @return the named member */
    public Member member(String memberName) {
        return members.stream().filter(m -> m.name().equals(memberName)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no member " + memberName));
    }

    /** @return the sum of the members' votes */
    public int nodeVotes() {
        return members.stream().mapToInt(Member::votes).sum();
    }

    /** @return the document, as written to {@code etc/cluster.conf} */
    public String toXml() {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\"?>\n<cluster");
        if (name != null) {
            attr(x, "name", name);
        }
        attr(x, "config_version", Integer.toString(configVersion));
        x.append(">\n  <cman");
        cman.forEach((k, v) -> attr(x, k, v));
        x.append("/>\n");
        if (tokenMillis != null) {
            x.append("  <totem");
            attr(x, "token", tokenMillis.toString());
            x.append("/>\n");
        }
        if (quorumDisk != null) {
            x.append("  <quorumd");
            attr(x, "device", quorumDisk.device());
            attr(x, "votes", Integer.toString(quorumDisk.votes()));
            attr(x, "interval", Integer.toString(quorumDisk.interval()));
            attr(x, "tko", Integer.toString(quorumDisk.tko()));
            attr(x, "label", quorumDisk.label());
            x.append("/>\n");
        }
        x.append("  <clusternodes>\n");
        for (Member m : members) {
            x.append("    <clusternode");
            attr(x, "name", m.name());
            attr(x, "nodeid", Integer.toString(m.nodeId()));
            attr(x, "votes", Integer.toString(m.votes()));
            if (m.address() != null) {
                attr(x, "address", m.address());
            }
            if (m.port() != null) {
                attr(x, "port", m.port().toString());
            }
            if (m.innerXml().isEmpty()) {
                x.append("/>\n");
            } else {
                x.append(">").append(m.innerXml()).append("</clusternode>\n");
            }
        }
        x.append("  </clusternodes>\n  <fencedevices/>\n  <rm/>\n</cluster>\n");
        return x.toString();
    }

    private static void attr(StringBuilder x, String key, String value) {
        Objects.requireNonNull(value, key);
        x.append(' ').append(key).append("=\"").append(escape(value)).append('"');
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
