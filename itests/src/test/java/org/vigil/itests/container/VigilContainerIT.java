package org.vigil.itests.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.vigil.api.config.ClusterConfigStore;
import org.vigil.api.membership.MembershipService;
import org.vigil.api.messaging.ClusterMessaging;
import org.vigil.api.quorum.QuorumService;

/**
 * In-container: the built node distribution boots with Vigil's features, the services are
 * wired to each other, and the shell commands answer. One node, a one-node cluster.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class VigilContainerIT {

    @Inject
    FeaturesService features;

    @Inject
    SessionFactory sessions;

    @Inject
    ClusterConfigStore configStore;

    @Inject
    @Filter(timeout = 60_000)
    MembershipService membership;

    @Inject
    @Filter(timeout = 60_000)
    ClusterMessaging messaging;

    @Inject
    @Filter(timeout = 60_000)
    QuorumService quorum;

    @Configuration
    public Option[] configuration() throws IOException {
        File tarball = new File(System.getProperty("vigil.distribution"));
        Path work = Files.createTempDirectory("vigil-container-it");
        int clusterPort = freePort();
        int sshPort = freePort();
        Path conf = work.resolve("cluster.conf");
        Files.writeString(conf, "<?xml version=\"1.0\"?>\n<cluster name=\"exam\" config_version=\"3\">\n"
            + "  <clusternodes>\n    <clusternode name=\"node1\" nodeid=\"1\" votes=\"1\" address=\"127.0.0.1\" port=\"" + clusterPort + "\"/>\n"
            + "  </clusternodes>\n  <fencedevices/>\n  <rm/>\n</cluster>\n");
        Path key = work.resolve("authkey");
        byte[] secret = new byte[64];
        new SecureRandom().nextBytes(secret);
        Files.write(key, secret);
        String karafVersion = System.getProperty("karaf.version", "4.4.9");
        return new Option[] {
            karafDistributionConfiguration().frameworkUrl("file:" + tarball.getAbsolutePath())
                .unpackDirectory(new File("target/exam")).useDeployFolder(false).name("Vigil").karafVersion(karafVersion),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.INFO),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(sshPort)),
            editConfigurationFilePut("etc/org.vigil.config.cfg", "file", conf.toString()),
            editConfigurationFilePut("etc/org.vigil.membership.cfg", "node.name", "node1"),
            editConfigurationFilePut("etc/org.vigil.membership.cfg", "cluster.key.file", key.toString()),
            systemProperty("pax.exam.service.timeout").value("60000"),
            vmOptions(
                "--add-reads=java.xml=java.logging",
                "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar",
                "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar",
                "--add-opens", "java.base/java.security=ALL-UNNAMED",
                "--add-opens", "java.base/java.net=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-opens", "java.base/java.util=ALL-UNNAMED",
                "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                "--add-modules", "java.se",
                "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "-Djava.net.preferIPv4Stack=true"),
        };
    }

    @Test
    public void vigilFeaturesAreInstalled() throws Exception {
        for (String feature : new String[] {"vigil", "vigil-config", "vigil-membership", "vigil-quorum", "vigil-cluster-shell"}) {
            assertTrue(feature + " installed", features.isInstalled(features.getFeature(feature)));
        }
    }

    @Test
    public void servicesAreWiredAndAOneNodeClusterIsQuorate() throws Exception {
        assertEquals("exam", configStore.current().orElseThrow().name());
        assertTrue(membership.isJoined());
        assertEquals("node1", membership.localNode().name());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!quorum.isQuorate() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(quorum.state().reason(), quorum.isQuorate());
        assertEquals(1, quorum.state().expectedVotes());
        assertNotNull(messaging);
    }

    @Test
    public void clusterCommandsAnswer() throws Exception {
        String status = run("cluster:status");
        assertTrue(status, status.contains("Cluster Status for exam"));
        assertTrue(status, status.contains("node1") && status.contains("Online, Local"));
        String quorumOut = run("cluster:quorum");
        assertTrue(quorumOut, quorumOut.contains("Config Version: 3"));
        assertTrue(quorumOut, quorumOut.contains("Expected votes: 1"));
        String json = run("cluster:nodes --json");
        assertTrue(json, json.contains("\"name\" : \"node1\"") && json.contains("\"state\" : \"MEMBER\""));
    }

    @Test
    public void anUnknownNodeIsRefusedByName() throws Exception {
        try {
            run("cluster:nodes nosuchnode");
            throw new AssertionError("cluster:nodes nosuchnode should fail");
        } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(String.valueOf(e.getCause().getMessage()), String.valueOf(e.getCause().getMessage()).contains("no node 'nosuchnode'"));
        }
    }

    private String run(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Session session = sessions.create(System.in, out, out);
            Future<Object> result = executor.submit(() -> session.execute(command));
            result.get(30, TimeUnit.SECONDS);
            out.flush();
            return bytes.toString(StandardCharsets.UTF_8);
        } finally {
            executor.shutdownNow();
        }
    }

    private static int freePort() throws IOException {
        while (true) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException busy) {
                    // the UDP side is taken: try another
                }
            }
        }
    }
}
