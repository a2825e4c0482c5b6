package org.vigil.fence.ilo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The built bundle: a DS component providing FenceAgent with vigil.fence.type=ilo, importing only the fence
 * API, slf4j, Jackson and JDK packages, exporting nothing.
 */
class BundleIT {

    private static final List<String> ALLOWED = List.of("org.vigil.api.fence", "org.slf4j",
            "com.fasterxml.jackson.core", "com.fasterxml.jackson.databind", "javax.net.ssl", "javax.xml.stream",
            "javax.security.auth.x500");

    @Test
    void theBundleDeclaresTheFenceAgentServiceOfTypeIlo() throws Exception {
        Path jar = Path.of(System.getProperty("bundle.jar", "target/vigil-fence-ilo-0.1.0-SNAPSHOT.jar"));
        assertTrue(Files.isRegularFile(jar), "bundle not built: " + jar);
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            assertEquals("vigil-fence-ilo", m.getMainAttributes().getValue("Bundle-SymbolicName"));
            String components = m.getMainAttributes().getValue("Service-Component");
            assertEquals("OSGI-INF/org.vigil.fence.ilo.IloFenceAgent.xml", components);
            String xml;
            try (InputStream in = j.getInputStream(j.getEntry(components))) {
                assertNotNull(in);
                xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(xml.contains("<property name=\"vigil.fence.type\" type=\"String\" value=\"ilo\"/>"), xml);
            assertTrue(xml.contains("<provide interface=\"org.vigil.api.fence.FenceAgent\"/>"), xml);
            assertTrue(xml.contains("<implementation class=\"org.vigil.fence.ilo.IloFenceAgent\"/>"), xml);
            String imports = m.getMainAttributes().getValue("Import-Package");
            for (String pkg : imports.replaceAll(";version=\"[^\"]*\"", "").split(",")) {
                assertTrue(pkg.startsWith("java.") || ALLOWED.contains(pkg), "unexpected import " + pkg);
            }
            assertTrue(imports.contains("com.fasterxml.jackson.databind"), imports);
            assertEquals(null, m.getMainAttributes().getValue("Export-Package"), "the agent exports nothing");
            assertEquals(null, j.getEntry("org/vigil/fence/ilo/RedfishServer.class"), "no test class in the bundle");
        }
    }
}
