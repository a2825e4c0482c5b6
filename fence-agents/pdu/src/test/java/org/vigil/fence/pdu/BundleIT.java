package org.vigil.fence.pdu;

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
 * The built bundle: a DS component providing FenceAgent with vigil.fence.type=pdu, SNMP4J
 * embedded on its Bundle-ClassPath, importing only what a plain Karaf provides (JDK packages,
 * org.slf4j, the Vigil fence API) and exporting nothing.
 */
class BundleIT {

    /** Packages a Karaf 4.4 on Java 17 exports from its system bundle (or pax-logging for slf4j). */
    private static final List<String> PROVIDED = List.of("java.", "javax.crypto", "javax.net", "javax.security.auth");

    @Test
    void theBundleDeclaresTheFenceAgentServiceOfTypePduWithSnmp4jInside() throws Exception {
        Path jar = Path.of(System.getProperty("bundle.jar", "target/vigil-fence-pdu-0.1.0-SNAPSHOT.jar"));
        assertTrue(Files.isRegularFile(jar), "bundle not built: " + jar);
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            String components = m.getMainAttributes().getValue("Service-Component");
            assertEquals("OSGI-INF/org.vigil.fence.pdu.PduFenceAgent.xml", components);
            String xml;
            try (InputStream in = j.getInputStream(j.getEntry(components))) {
                assertNotNull(in);
                xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(xml.contains("<property name=\"vigil.fence.type\" type=\"String\" value=\"pdu\"/>"), xml);
            assertTrue(xml.contains("<provide interface=\"org.vigil.api.fence.FenceAgent\"/>"), xml);
            assertTrue(xml.contains("<implementation class=\"org.vigil.fence.pdu.PduFenceAgent\"/>"), xml);

            String classPath = m.getMainAttributes().getValue("Bundle-ClassPath");
            assertTrue(classPath.matches("\\.,snmp4j-3\\.9\\.\\d+\\.jar"), classPath);
            assertNotNull(j.getEntry(classPath.substring(2)), "embedded SNMP4J jar missing");

            String imports = m.getMainAttributes().getValue("Import-Package");
            for (String pkg : imports.replaceAll(";version=\"[^\"]*\"", "").split(",")) {
                assertTrue(PROVIDED.stream().anyMatch(pkg::startsWith) || pkg.equals("org.slf4j")
                        || pkg.equals("org.vigil.api.fence"), "unexpected import " + pkg + " in " + imports);
            }
            assertEquals(null, m.getMainAttributes().getValue("Export-Package"), "the agent exports nothing");
        }
    }
}
