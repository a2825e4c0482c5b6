package org.vigil.fence.external;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds the executable of a named fence agent. Only names matching {@code fence_[A-Za-z0-9_]+}
 * are looked up, and only as files directly in the allowed directories ({@code /usr/sbin} and
 * {@code /usr/local/sbin} by default): configuration can name an installed agent, never an
 * arbitrary program or path.
 */
final class AgentLocator {
    /** The names that may be run. */
    static final Pattern NAME = Pattern.compile("fence_[A-Za-z0-9_]+");

    private final List<Path> directories;

    /** @param directories where agents are looked for, in order */
    AgentLocator(List<Path> directories) {
        if (directories.isEmpty()) {
            throw new IllegalArgumentException("no agent directory configured");
        }
        this.directories = List.copyOf(directories);
    }

    List<Path> directories() {
        return directories;
    }

    /**
     * @param name the agent's name, e.g. {@code fence_ipmilan}
     * @return its executable (in the first allowed directory that has it)
     * @throws AgentException when the name is not an agent name, or no allowed directory has an
     *                        executable file of that name
     */
    Path locate(String name) throws AgentException {
        if (name == null || name.isBlank()) {
            throw new AgentException("no fence agent named: the parameter 'agent' is required "
                    + "(e.g. agent=fence_ipmilan)");
        }
        if (name.length() > 100 || !NAME.matcher(name).matches()) {
            throw new AgentException("refusing to run '" + printable(name) + "': the parameter 'agent' must be the "
                    + "name of an installed fence agent matching fence_[A-Za-z0-9_]+ (no path)");
        }
        for (Path dir : directories) {
            Path p = dir.resolve(name);
            if (Files.exists(p)) {
                if (!Files.isRegularFile(p)) {
                    throw new AgentException("fence agent " + p + " is not a regular file");
                }
                if (!Files.isExecutable(p)) {
                    throw new AgentException("fence agent " + p + " is not executable");
                }
                return p;
            }
        }
        throw new AgentException("fence agent " + name + " is not installed: no executable " + name + " in "
                + directories.stream().map(Path::toString).collect(Collectors.joining(", "))
                + " (the package fence-agents has the ClusterLabs agents)");
    }

    /** @return the names of the executable agents in the allowed directories, sorted */
    List<String> installed() {
        TreeSet<String> names = new TreeSet<>();
        for (Path dir : directories) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "fence_*")) {
                for (Path p : s) {
                    String n = p.getFileName().toString();
                    if (NAME.matcher(n).matches() && Files.isRegularFile(p) && Files.isExecutable(p)) {
                        names.add(n);
                    }
                }
            } catch (IOException e) {
                // an unreadable directory lists nothing
            }
        }
        return List.copyOf(names);
    }

    /** @return the name with control characters shown as '?', cut to 60 characters */
    private static String printable(String s) {
        String t = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
