package org.vigil.fence.daemon;

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
 * The built bundle: one DS component providing FencingService, MembershipListener,
 * QuorumListener and the vigil.fence MessageHandler, tracking agents and listeners dynamically,
 * importing only the api, slf4j, Jackson and DS.
 */
class BundleIT {

    @Test
    void theBundleDeclaresTheDaemonComponent() throws Exception {
        Path jar = Path.of(System.getProperty("bundle.jar", "target/vigil-fence-core-0.1.0-SNAPSHOT.jar"));
        assertTrue(Files.isRegularFile(jar), "bundle not built: " + jar);
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            String components = m.getMainAttributes().getValue("Service-Component");
            assertEquals("OSGI-INF/org.vigil.fence.daemon.FenceDaemon.xml", components);
            String xml;
            try (InputStream in = j.getInputStream(j.getEntry(components))) {
                xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (String provided : new String[] {"org.vigil.api.fence.FencingService",
                "org.vigil.api.membership.MembershipListener", "org.vigil.api.quorum.QuorumListener",
                "org.vigil.api.messaging.MessageHandler"}) {
                assertTrue(xml.contains("<provide interface=\"" + provided + "\"/>"), provided + " in " + xml);
            }
            assertTrue(xml.contains("name=\"vigil.message.topic\" type=\"String\" value=\"vigil.fence\""), xml);
            assertTrue(xml.contains("configuration-pid=\"org.vigil.fence\""), xml);
            assertTrue(xml.matches("(?s).*interface=\"org.vigil.api.fence.FenceAgent\"[^>]*cardinality=\"0..n\".*"
                + "|(?s).*cardinality=\"0..n\"[^>]*interface=\"org.vigil.api.fence.FenceAgent\".*"), xml);
            String imports = m.getMainAttributes().getValue("Import-Package");
            for (String pkg : imports.replaceAll(";version=\"[^\"]*\"", "").split(",")) {
                assertTrue(pkg.startsWith("java.") || pkg.startsWith("org.vigil.api.") || pkg.equals("org.slf4j")
                    || pkg.startsWith("com.fasterxml.jackson."), "unexpected import " + pkg);
            }
            assertEquals(null, m.getMainAttributes().getValue("Export-Package"), "the daemon exports nothing");
        }
    }
}
