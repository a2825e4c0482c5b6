package org.vigil.service.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The built bundle: one DS component providing ServiceManager and the whiteboard listeners (the
 * message handler on topic vigil.service), importing only the JDK, slf4j, Jackson and vigil-api,
 * exporting nothing.
 */
class BundleIT {

    @Test
    void theBundleDeclaresTheServiceManagerComponent() throws Exception {
        Path jar = Path.of(System.getProperty("bundle.jar", "target/vigil-service-manager-0.1.0-SNAPSHOT.jar"));
        assertTrue(Files.isRegularFile(jar), "bundle not built: " + jar);
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            String components = m.getMainAttributes().getValue("Service-Component");
            assertEquals("OSGI-INF/org.vigil.service.manager.ServiceManagerComponent.xml", components);
            String xml;
            try (InputStream in = j.getInputStream(j.getEntry(components))) {
                xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (String service : new String[] {"org.vigil.api.service.ServiceManager", "org.vigil.api.membership.MembershipListener",
                "org.vigil.api.quorum.QuorumListener", "org.vigil.api.fence.FenceListener",
                "org.vigil.api.config.ClusterConfigListener", "org.vigil.api.messaging.MessageHandler"}) {
                assertTrue(xml.contains("<provide interface=\"" + service + "\"/>"), service + " in " + xml);
            }
            assertTrue(xml.contains("name=\"vigil.message.topic\"") && xml.contains("value=\"vigil.service\""), xml);
            String imports = m.getMainAttributes().getValue("Import-Package");
            for (String pkg : imports.replaceAll(";version=\"[^\"]*\"", "").split(",")) {
                assertTrue(pkg.startsWith("java.") || pkg.equals("org.slf4j") || pkg.startsWith("com.fasterxml.jackson.databind")
                    || pkg.startsWith("org.vigil.api."), "unexpected import " + pkg);
            }
            assertEquals(null, m.getMainAttributes().getValue("Export-Package"), "the bundle exports nothing");
        }
    }
}
