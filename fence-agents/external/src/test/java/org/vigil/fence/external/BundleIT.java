package org.vigil.fence.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The built bundle: a DS component providing FenceAgent with vigil.fence.type=external and the
 * configuration PID org.vigil.fence.external, importing only api, slf4j and JDK packages.
 */
class BundleIT {

    @Test
    void theBundleDeclaresTheFenceAgentServiceOfTypeExternal() throws Exception {
        Path jar = Path.of(System.getProperty("bundle.jar", "target/vigil-fence-external-0.1.0-SNAPSHOT.jar"));
        assertTrue(Files.isRegularFile(jar), "bundle not built: " + jar);
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            assertEquals("vigil-fence-external", m.getMainAttributes().getValue("Bundle-SymbolicName"));
            String components = m.getMainAttributes().getValue("Service-Component");
            assertEquals("OSGI-INF/org.vigil.fence.external.ExternalFenceAgent.xml", components);
            String xml;
            try (InputStream in = j.getInputStream(j.getEntry(components))) {
                assertNotNull(in);
                xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(xml.contains("<property name=\"vigil.fence.type\" type=\"String\" value=\"external\"/>"), xml);
            assertTrue(xml.contains("<provide interface=\"org.vigil.api.fence.FenceAgent\"/>"), xml);
            assertTrue(xml.contains("configuration-pid=\"org.vigil.fence.external\""), xml);
            assertTrue(xml.contains("configuration-policy=\"optional\""), xml);
            assertNotNull(j.getEntry("OSGI-INF/metatype/org.vigil.fence.external.ExternalFenceAgent$Settings.xml"),
                    "no metatype description");
            String imports = m.getMainAttributes().getValue("Import-Package");
            for (String pkg : imports.replaceAll(";version=\"[^\"]*\"", "").split(",")) {
                assertTrue(pkg.startsWith("java.") || pkg.startsWith("javax.xml") || pkg.startsWith("org.w3c.dom")
                        || pkg.startsWith("org.xml.sax") || pkg.equals("org.slf4j")
                        || pkg.equals("org.vigil.api.fence"), "unexpected import " + pkg);
            }
            assertEquals(null, m.getMainAttributes().getValue("Export-Package"), "the agent exports nothing");
        }
    }
}
