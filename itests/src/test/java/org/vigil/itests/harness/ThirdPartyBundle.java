package org.vigil.itests.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a third-party OSGi bundle at test time, outside the project's build and features:
 * Java sources compiled against the Vigil API and the OSGi framework API, packed with a
 * hand-written manifest (a {@code Bundle-Activator}, no DS), the way someone outside the
 * project would ship an agent for a node's {@code deploy/} folder.
 */
public final class ThirdPartyBundle {

    private ThirdPartyBundle() {
    }

    /**
     * @param out          the jar to write
     * @param symbolicName {@code Bundle-SymbolicName}
     * @param activator    the fully qualified activator class (one of the sources)
     * @param imports      {@code Import-Package}
     * @param sources      fully qualified class name → Java source
     * @param classpath    classes the sources compile against (one class from each jar)
     * @return {@code out}
     */
    public static Path build(Path out, String symbolicName, String activator, String imports,
                             Map<String, String> sources, Class<?>... classpath) {
        try {
            Path work = Files.createTempDirectory("vigil-bundle-");
            try {
                Path src = work.resolve("src");
                Path classes = work.resolve("classes");
                Files.createDirectories(classes);
                List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(), "-classpath",
                    jarsOf(classpath)));
                for (Map.Entry<String, String> e : sources.entrySet()) {
                    Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, e.getValue());
                    args.add(file.toString());
                }
                JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
                if (javac == null) {
                    throw new IllegalStateException("no Java compiler in this JVM: run the tests with a JDK");
                }
                int rc = javac.run(null, null, null, args.toArray(String[]::new));
                if (rc != 0) {
                    throw new IllegalStateException("the third-party bundle's sources do not compile (javac " + rc + ")");
                }
                Manifest m = new Manifest();
                Attributes a = m.getMainAttributes();
                a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
                a.putValue("Bundle-ManifestVersion", "2");
                a.putValue("Bundle-SymbolicName", symbolicName);
                a.putValue("Bundle-Version", "1.0.0");
                a.putValue("Bundle-Activator", activator);
                a.putValue("Import-Package", imports);
                Files.createDirectories(out.toAbsolutePath().getParent());
                try (OutputStream os = Files.newOutputStream(out); JarOutputStream jar = new JarOutputStream(os, m);
                     Stream<Path> files = Files.walk(classes)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                        jar.write(Files.readAllBytes(f));
                        jar.closeEntry();
                    }
                }
                return out;
            } finally {
                try (Stream<Path> s = Files.walk(work)) {
                    s.sorted((x, y) -> y.compareTo(x)).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build bundle " + symbolicName, e);
        }
    }

    private static String jarsOf(Class<?>... classes) {
        List<String> jars = new ArrayList<>();
        for (Class<?> c : classes) {
            try {
                jars.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException | NullPointerException e) {
                throw new IllegalStateException("cannot locate the jar of " + c.getName(), e);
            }
        }
        return String.join(java.io.File.pathSeparator, jars);
    }
}
