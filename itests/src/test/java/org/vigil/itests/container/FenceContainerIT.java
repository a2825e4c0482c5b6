package org.vigil.itests.container;

import static org.junit.Assert.assertEquals;
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
import org.vigil.api.fence.FencingService;
import org.vigil.api.quorum.QuorumService;

/**
 * In-container: the built distribution with the vigil-fence feature: the fencing daemon is
 * wired to the membership, quorum and the agents, the fence: commands answer, and a configured
 * node that never joins is fenced at startup through the manual agent, shown by cluster:status
 * as waiting for an operator, and acknowledged with fence:ack.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FenceContainerIT {

    @Inject
    FeaturesService features;

    @Inject
    SessionFactory sessions;

    @Inject
    @Filter(timeout = 60_000)
    FencingService fencing;

    @Inject
    @Filter(timeout = 60_000)
    QuorumService quorum;

    @Configuration
    public Option[] configuration() throws IOException {
        File tarball = new File(System.getProperty("vigil.distribution"));
        Path work = Files.createTempDirectory("vigil-fence-it");
        int clusterPort = freePort();
        int sshPort = freePort();
        Path conf = work.resolve("cluster.conf");
        int absentPort = freePort();
        // Two nodes, node1 with 2 of the 3 votes: node1 alone is quorate, node2 never starts, so the
        // daemon fences it at startup (post_join_delay 1 s) through the manual agent and waits
        // for fence:ack.
        Files.writeString(conf, "<?xml version=\"1.0\"?>\n<cluster name=\"fenceexam\" config_version=\"1\">\n"
            + "  <cman expected_votes=\"3\"/>\n"
            + "  <fence_daemon post_fail_delay=\"0\" post_join_delay=\"1\"/>\n"
            + "  <clusternodes>\n"
            + "    <clusternode name=\"node1\" nodeid=\"1\" votes=\"2\" address=\"127.0.0.1\" port=\"" + clusterPort + "\">\n"
            + "      <fence><method name=\"1\"><device name=\"human\" nodename=\"node1\"/></method></fence>\n"
            + "    </clusternode>\n"
            + "    <clusternode name=\"node2\" nodeid=\"2\" votes=\"1\" address=\"127.0.0.1\" port=\"" + absentPort + "\">\n"
            + "      <fence><method name=\"1\"><device name=\"human\" nodename=\"node2\"/></method></fence>\n"
            + "    </clusternode>\n"
            + "  </clusternodes>\n"
            + "  <fencedevices>\n"
            + "    <fencedevice name=\"human\" agent=\"fence_manual\"/>\n"
            + "    <fencedevice name=\"bmc9\" agent=\"ipmi\" ipaddr=\"127.0.0.1\" login=\"admin\" passwd=\"pa55-word-x\"/>\n"
            + "  </fencedevices>\n  <rm/>\n</cluster>\n");
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
    public void theFenceFeatureIsInstalled() throws Exception {
        assertTrue(features.isInstalled(features.getFeature("vigil-fence")));
        assertTrue(features.isInstalled(features.getFeature("vigil-fence-ipmi")));
    }

    @Test
    public void agentsAndDevicesAreListed() throws Exception {
        String agents = waitFor("fence:agents", "manual");
        assertTrue(agents, agents.contains("ipmi") && agents.contains("manual"));
        String devices = run("fence:devices");
        assertTrue(devices, devices.contains("human") && devices.contains("fence_manual") && devices.contains("manual"));
        assertTrue(devices, devices.contains("passwd=****"));
        assertTrue(devices, !devices.contains("pa55-word-x"));
        try {
            run("fence:status human");
            throw new AssertionError("fence:status on a manual device must fail");
        } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(String.valueOf(e.getCause().getMessage()),
                String.valueOf(e.getCause().getMessage()).contains("not supported by the manual agent"));
        }
    }

    @Test
    public void aNodeThatNeverJoinsIsFencedAtStartupAndWaitsForAnAck() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (fencing.pending().stream().noneMatch(p -> p.node().equals("node2") && p.needsOperator())
            && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(quorum.state().reason(), quorum.isQuorate());
        assertTrue(String.valueOf(fencing.pending()), fencing.pending().stream()
            .anyMatch(p -> p.node().equals("node2") && p.needsOperator()));
        assertTrue(!fencing.isSafelyFenced("node2"));
        String status = run("cluster:status");
        assertTrue(status, status.contains("Fencing: node2 WAITING FOR AN OPERATOR"));
        String ack = run("fence:ack node2");
        assertTrue(ack, ack.contains("node2 is acknowledged as fenced"));
        assertTrue(fencing.isSafelyFenced("node2"));
        String history = run("fence:history --json");
        assertTrue(history, history.contains("manual acknowledgement"));
        assertEquals(0, fencing.pending().size());
    }

    private String waitFor(String command, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String out = run(command);
        while (!out.contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            out = run(command);
        }
        return out;
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
