package org.vigil.resource.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** The built bundle: the manager's DS component, its services and its dynamic references; only api and slf4j imported. */
class BundleIT {

    @Test
    void theBundleDeclaresTheManagerWithDynamicAgentTracking() throws Exception {
        Path jar = Path.of(System.getProperty("bundle.jar", "target/vigil-resource-core-0.1.0-SNAPSHOT.jar"));
        assertTrue(Files.isRegularFile(jar), "bundle not built: " + jar);
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            String components = m.getMainAttributes().getValue("Service-Component");
            assertEquals("OSGI-INF/org.vigil.resource.manager.LocalResourceManagerImpl.xml", components);
            String xml;
            try (InputStream in = j.getInputStream(j.getEntry(components))) {
                xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(xml.contains("<provide interface=\"org.vigil.api.resource.LocalResourceManager\"/>"), xml);
            assertTrue(xml.contains("<provide interface=\"org.vigil.api.config.ClusterConfigListener\"/>"), xml);
            assertTrue(xml.contains("cardinality=\"0..n\" policy=\"dynamic\" interface=\"org.vigil.api.resource.ResourceAgent\""), xml);
            assertTrue(xml.contains("cardinality=\"0..1\" policy=\"dynamic\" interface=\"org.vigil.api.config.ClusterConfigStore\""), xml);
            assertTrue(xml.contains("configuration-pid=\"org.vigil.resource\""), xml);
            String imports = m.getMainAttributes().getValue("Import-Package");
            for (String pkg : imports.replaceAll(";version=\"[^\"]*\"", "").split(",")) {
                assertTrue(pkg.startsWith("java.") || pkg.equals("org.slf4j") || pkg.equals("org.vigil.api.resource")
                    || pkg.equals("org.vigil.api.config"), "unexpected import " + pkg);
            }
            assertEquals(null, m.getMainAttributes().getValue("Export-Package"), "the manager exports nothing");
        }
    }
}
