package org.vigil.fence.manual;

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

/** The built bundle: a DS component providing FenceAgent with vigil.fence.type=manual, importing only the api. */
class BundleIT {

    @Test
    void theBundleDeclaresTheFenceAgentServiceOfTypeManual() throws Exception {
        Path jar = Path.of(System.getProperty("bundle.jar", "target/vigil-fence-manual-0.1.0-SNAPSHOT.jar"));
        assertTrue(Files.isRegularFile(jar), "bundle not built: " + jar);
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            String components = m.getMainAttributes().getValue("Service-Component");
            assertEquals("OSGI-INF/org.vigil.fence.manual.ManualFenceAgent.xml", components);
            String xml;
            try (InputStream in = j.getInputStream(j.getEntry(components))) {
                assertNotNull(in);
                xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(xml.contains("<property name=\"vigil.fence.type\" type=\"String\" value=\"manual\"/>"), xml);
            assertTrue(xml.contains("<provide interface=\"org.vigil.api.fence.FenceAgent\"/>"), xml);
            String imports = m.getMainAttributes().getValue("Import-Package");
            for (String pkg : imports.replaceAll(";version=\"[^\"]*\"", "").split(",")) {
                assertTrue(pkg.startsWith("java.") || pkg.equals("org.vigil.api.fence"), "unexpected import " + pkg);
            }
        }
    }
}
