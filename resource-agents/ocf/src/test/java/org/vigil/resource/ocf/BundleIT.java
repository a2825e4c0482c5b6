package org.vigil.resource.ocf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** The built bundle: a DS component providing ResourceAgent with vigil.resource.type=ocf, importing only api and slf4j. */
class BundleIT {

    @Test
    void theBundleDeclaresTheResourceAgentServiceOfTypeOcf() throws Exception {
        Path jar = Path.of(System.getProperty("bundle.jar", "target/vigil-resource-ocf-0.1.0-SNAPSHOT.jar"));
        assertTrue(Files.isRegularFile(jar), "bundle not built: " + jar);
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            String components = m.getMainAttributes().getValue("Service-Component");
            assertEquals("OSGI-INF/org.vigil.resource.ocf.OcfResourceAgent.xml", components);
            String xml;
            try (InputStream in = j.getInputStream(j.getEntry(components))) {
                xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(xml.contains("<property name=\"vigil.resource.type\" type=\"String\" value=\"ocf\"/>"), xml);
            assertTrue(xml.contains("<provide interface=\"org.vigil.api.resource.ResourceAgent\"/>"), xml);
            String imports = m.getMainAttributes().getValue("Import-Package");
            for (String pkg : imports.replaceAll(";version=\"[^\"]*\"", "").split(",")) {
                assertTrue(pkg.startsWith("java.") || pkg.equals("org.slf4j") || pkg.equals("javax.xml.parsers") || pkg.startsWith("org.w3c.dom") || pkg.equals("javax.xml") || pkg.equals("org.xml.sax") || pkg.equals("org.vigil.api.resource"),
                    "unexpected import " + pkg);
            }
            assertEquals(null, m.getMainAttributes().getValue("Export-Package"), "the agent exports nothing");
        }
    }
}
