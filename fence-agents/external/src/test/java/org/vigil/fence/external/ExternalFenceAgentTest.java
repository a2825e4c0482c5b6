package org.vigil.fence.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigil.api.fence.AgentParameter;
import org.vigil.api.fence.FenceAction;
import org.vigil.api.fence.FenceAgentMetadata;
import org.vigil.api.fence.FenceResult;
import org.vigil.api.fence.ParameterType;
import org.vigil.api.fence.PowerState;

/**
 * The external agent against test agents written as shell scripts in a temporary directory (the
 * only allowed directory): a well-behaved switch, one that hangs and forks, one that prints
 * garbage, one that lies about power off, one that echoes its stdin to stderr, one that prints
 * metadata.
 */
class ExternalFenceAgentTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A power switch keeping its state in switch.state; "slow=1" makes off show only on the 2nd status. */
    private static final String SWITCH = ScriptAgents.READ_OPTIONS
            + "SLOW=$(printf '%s' \"$INPUT\" | sed -n 's/^slow=//p')\n"
            + "printf '%s\\n' \"$ACTION plug=$PLUG\" >> @DIR@/switch.log\n"
            + "printf '%s' \"$INPUT\" > @DIR@/switch.stdin\n"
            + "S=@DIR@/switch.state\n"
            + "[ -s $S ] || echo ON > $S\n"
            + "case \"$ACTION\" in\n"
            + "  off) if [ \"$SLOW\" = 1 ]; then echo PENDING > $S; else echo OFF > $S; fi; echo 'Success: Powered OFF'; exit 0 ;;\n"
            + "  on) echo ON > $S; echo 'Success: Powered ON'; exit 0 ;;\n"
            + "  status) st=$(cat $S); if [ \"$st\" = PENDING ]; then echo OFF > $S; echo 'Status: ON'; exit 0; fi\n"
            + "          echo \"Status: $st\"; [ \"$st\" = OFF ] && exit 2; exit 0 ;;\n"
            + "  list) printf '1,Outlet 1\\n2,Outlet 2\\nweb,\\n'; exit 0 ;;\n"
            + "  monitor) exit 0 ;;\n"
            + "  *) echo \"ERROR: unknown action $ACTION\" >&2; exit 1 ;;\n"
            + "esac\n";

    private ScriptAgents scripts;
    private ExternalFenceAgent agent;

    @BeforeEach
    void setUp() {
        scripts = new ScriptAgents();
        scripts.write("fence_switch", SWITCH);
        agent = new ExternalFenceAgent(List.of(scripts.dir()));
    }

    @AfterEach
    void tearDown() {
        scripts.close();
    }

    private static Map<String, String> device(String agentName) {
        Map<String, String> p = new HashMap<>();
        p.put("agent", agentName);
        p.put("ipaddr", "192.0.2.10");
        p.put("login", "admin");
        p.put("passwd", "S3cr3t-Pw");
        return p;
    }

    @Test
    void offIsConfirmedByStatusAndOptionsArriveOnStdin() throws Exception {
        FenceResult r = agent.execute(FenceAction.OFF, device("fence_switch"), "3", TIMEOUT);
        assertTrue(r.success(), r.message());
        assertEquals(PowerState.OFF, r.power());
        assertEquals("fence_switch: powered OFF, confirmed by status", r.message());
        assertEquals(List.of("off plug=3", "status plug=3"), scripts.read("switch.log").lines().toList());
        String stdin = scripts.read("switch.stdin");
        assertEquals("action=status\nipaddr=192.0.2.10\nlogin=admin\npasswd=S3cr3t-Pw\nplug=3\n", stdin);
        assertFalse(stdin.contains("agent="), "the agent parameter is the adapter's, not the agent's");
    }

    @Test
    void statusOnOffRebootListMonitor() {
        Map<String, String> d = device("fence_switch");
        FenceResult s = agent.execute(FenceAction.STATUS, d, "1", TIMEOUT);
        assertTrue(s.success(), s.message());
        assertEquals(PowerState.ON, s.power());
        assertTrue(agent.execute(FenceAction.OFF, d, "1", TIMEOUT).success());
        assertEquals(PowerState.OFF, agent.execute(FenceAction.STATUS, d, "1", TIMEOUT).power());
        FenceResult on = agent.execute(FenceAction.ON, d, "1", TIMEOUT);
        assertTrue(on.success(), on.message());
        assertEquals(PowerState.ON, on.power());

        scripts.write("switch.log", "");
        FenceResult reboot = agent.execute(FenceAction.REBOOT, d, "1", TIMEOUT);
        assertTrue(reboot.success(), reboot.message());
        assertEquals(PowerState.ON, reboot.power());
        assertEquals("fence_switch: rebooted: powered OFF, confirmed by status, then powered ON, confirmed by status",
                reboot.message());
        assertEquals(List.of("#!/bin/sh", "off plug=1", "status plug=1", "on plug=1", "status plug=1"),
                scripts.read("switch.log").lines().toList());

        FenceResult list = agent.execute(FenceAction.LIST, d, null, TIMEOUT);
        assertTrue(list.success(), list.message());
        assertEquals(List.of("1", "2", "web"), list.plugs());
        FenceResult mon = agent.execute(FenceAction.MONITOR, d, null, TIMEOUT);
        assertTrue(mon.success(), mon.message());
    }

    @Test
    void aSlowDeviceIsPolledUntilStatusReadsOff() {
        Map<String, String> d = device("fence_switch");
        d.put("slow", "1");
        FenceResult r = agent.execute(FenceAction.OFF, d, "1", TIMEOUT);
        assertTrue(r.success(), r.message());
        assertEquals("fence_switch: powered OFF, confirmed by status (read 2 times)", r.message());
    }

    @Test
    void thePlugArgumentReplacesPortAndPlugParametersAndActionIsTheAdapters() {
        Map<String, String> d = device("fence_switch");
        d.put("port", "9");
        d.put("plug", "8");
        d.put("action", "reboot");
        FenceResult r = agent.execute(FenceAction.STATUS, d, "2", TIMEOUT);
        assertTrue(r.success(), r.message());
        String stdin = scripts.read("switch.stdin");
        assertTrue(stdin.startsWith("action=status\n"), stdin);
        assertTrue(stdin.contains("plug=2\n") && !stdin.contains("port=") && !stdin.contains("plug=8"), stdin);
        assertFalse(stdin.contains("reboot"), stdin);
    }

    @Test
    void aHangingAgentAndEverythingItForkedAreKilledAtTheTimeout() throws Exception {
        scripts.pidFile("hang.pid");
        scripts.pidFile("hang.child");
        scripts.pidFile("hang.orphan");
        // a child it waits for, and a grandchild whose parent exits at once (re-parented: only the
        // process group still ties it to the agent)
        scripts.write("fence_hang", "cat > /dev/null\necho $$ > @DIR@/hang.pid\n"
                + "sleep 600 &\necho $! > @DIR@/hang.child\n"
                + "( sleep 600 & echo $! > @DIR@/hang.orphan )\n"
                + "echo started > @DIR@/hang.ready\nwait\n");
        long t0 = System.nanoTime();
        FenceResult r = agent.execute(FenceAction.OFF, device("fence_hang"), "1", Duration.ofMillis(2500));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(r.success(), r.message());
        assertEquals(PowerState.UNKNOWN, r.power());
        assertEquals("fence_hang off timed out after 2.5 s (killed its process group: 3 processes)", r.message());
        assertTrue(ms >= 2400 && ms < 6000, "took " + ms + " ms for a 2.5 s timeout");
        assertEquals("started\n", scripts.read("hang.ready"));
        for (String f : new String[] {"hang.pid", "hang.child", "hang.orphan"}) {
            long pid = scripts.pid(f);
            assertTrue(pid > 0, f);
            assertFalse(awaitGone(pid), f + " " + pid + " still runs after the timeout");
        }
    }

    @Test
    void garbageAndAFailingExitCodeGiveAFailureWithTheLastStderrLine() {
        scripts.write("fence_garbage", "cat > /dev/null\n"
                + "if [ \"$1\" = -o ]; then echo '<resource-agent name=\"x\"><parameters><parameter'; exit 0; fi\n"
                + "printf '\\001\\002%%garbage<<>>\\n'\n"
                + "echo 'WARNING: something odd' >&2\necho 'agent exploded: bad frobnicator' >&2\nexit 1\n");
        for (FenceAction a : new FenceAction[] {FenceAction.OFF, FenceAction.STATUS, FenceAction.LIST,
                FenceAction.MONITOR}) {
            FenceResult r = agent.execute(a, device("fence_garbage"), "1", TIMEOUT);
            assertFalse(r.success(), a + ": " + r.message());
            assertTrue(r.message().startsWith("fence_garbage " + a.name().toLowerCase() + " failed (exit code 1): "
                    + "agent exploded: bad frobnicator"), r.message());
        }
        FenceAgentMetadata m = agent.metadata(device("fence_garbage"));
        assertEquals(Set.of(), m.actions());
        assertTrue(m.description().startsWith("unusable device: cannot read the metadata of fence_garbage: not XML"),
                m.description());
    }

    @Test
    void garbageOnStdoutWithNothingOnStderrIsQuoted() {
        scripts.write("fence_mute", "cat > /dev/null\necho 'ze device sayz: ?!'\nexit 7\n");
        FenceResult r = agent.execute(FenceAction.STATUS, device("fence_mute"), null, TIMEOUT);
        assertFalse(r.success());
        assertEquals("fence_mute status failed (exit code 7): stdout: ze device sayz: ?!", r.message());
        scripts.write("fence_list_garbage", "cat > /dev/null\nprintf 'ok,1\\n\\001\\033[2J,x\\n'\n");
        FenceResult l = agent.execute(FenceAction.LIST, device("fence_list_garbage"), null, TIMEOUT);
        assertFalse(l.success());
        assertTrue(l.message().startsWith("fence_list_garbage list printed something that is not a plug list"),
                l.message());
    }

    @Test
    void anAgentThatSaysOffButStillReadsOnIsNotConfirmed() {
        scripts.write("fence_liar", ScriptAgents.READ_OPTIONS
                + "echo \"$ACTION\" >> @DIR@/liar.log\n"
                + "case \"$ACTION\" in off|on) echo 'Success: Powered OFF'; exit 0 ;;\n"
                + "  status) echo 'Status: ON'; exit 0 ;; esac\nexit 1\n");
        long t0 = System.nanoTime();
        FenceResult r = agent.execute(FenceAction.OFF, device("fence_liar"), "1", Duration.ofSeconds(2));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(r.success(), r.message());
        assertEquals(PowerState.UNKNOWN, r.power());
        assertTrue(r.message().startsWith("power off not confirmed: fence_liar reported off done but status still "
                + "reads ON after "), r.message());
        assertTrue(ms < 5000, "took " + ms + " ms for a 2 s timeout");
        List<String> calls = scripts.read("liar.log").lines().toList();
        assertEquals("off", calls.get(0));
        assertTrue(calls.size() >= 3 && calls.subList(1, calls.size()).stream().allMatch("status"::equals),
                "expected off then repeated status reads: " + calls);
        FenceResult reboot = agent.execute(FenceAction.REBOOT, device("fence_liar"), "1", Duration.ofSeconds(1));
        assertFalse(reboot.success(), reboot.message());
        assertTrue(reboot.message().startsWith("power off not confirmed"), reboot.message());
    }

    @Test
    void aContradictoryStatusIsAFailure() {
        scripts.write("fence_confused", "cat > /dev/null\necho 'Status: OFF'\nexit 0\n");
        FenceResult r = agent.execute(FenceAction.STATUS, device("fence_confused"), null, TIMEOUT);
        assertFalse(r.success());
        assertEquals("fence_confused status is contradictory: exit code 0 means ON but it printed 'Status: OFF'",
                r.message());
    }

    @Test
    void secretsNeverReachTheResultOrTheLogs() throws Exception {
        scripts.write("fence_echo", "cat > @DIR@/echo.stdin\ncat @DIR@/echo.stdin >&2\n"
                + "tr '\\000' ' ' < /proc/$$/cmdline > @DIR@/echo.args\n"
                + "echo \"ERROR: login refused for password $(sed -n 's/^passwd=//p' @DIR@/echo.stdin)\" >&2\nexit 1\n");
        Map<String, String> d = device("fence_echo");
        d.put("community", "Comm-Secret-9");
        d.put("snmp_priv_passwd", "Priv-Secret-7");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        FenceResult off;
        FenceResult status;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            off = agent.execute(FenceAction.OFF, d, "1", TIMEOUT);
            status = agent.execute(FenceAction.STATUS, d, "1", TIMEOUT);
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertFalse(off.success());
        assertEquals("fence_echo off failed (exit code 1): login refused for password ****", off.message());
        assertEquals("fence_echo status failed (exit code 1): login refused for password ****", status.message());
        assertTrue(log.contains("fence_echo off failed (exit code 1): login refused for password ****"), log);
        String all = off + "\n" + status + "\n" + log;
        for (String secret : new String[] {"S3cr3t-Pw", "Comm-Secret-9", "Priv-Secret-7"}) {
            assertFalse(all.contains(secret), secret + " leaked: " + all);
            assertTrue(scripts.read("echo.stdin").contains("=" + secret + "\n"), "not passed on stdin: " + secret);
            assertFalse(scripts.read("echo.args").contains(secret), "on the command line: " + scripts.read("echo.args"));
        }
    }

    @Test
    void aValueWithALineBreakIsRefusedAndNothingRuns() {
        Map<String, String> d = device("fence_switch");
        d.put("login", "admin\naction=on");
        d.put("bad name", "x");
        FenceResult r = agent.execute(FenceAction.OFF, d, "1", TIMEOUT);
        assertFalse(r.success());
        assertEquals("invalid device parameters: invalid parameter name 'bad name' (letters, digits, '_', '-', '.'); "
                + "parameter 'login' contains a line break or NUL character", r.message());
        assertEquals("", scripts.read("switch.log"), "the agent ran");
        Map<String, String> nullName = device("fence_switch");
        nullName.put(null, "x");
        assertEquals("invalid device parameters: a parameter has no name",
                agent.execute(FenceAction.OFF, nullName, "1", TIMEOUT).message());
        FenceResult p = agent.execute(FenceAction.OFF, device("fence_switch"), "1\nplug=2", TIMEOUT);
        assertEquals("invalid device parameters: the plug contains a line break or NUL character", p.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil", "../evil", "/bin/sh", "fence_switch;evil", "fence_switch ", "fence-switch",
            "fence_../evil", "FENCE_switch"})
    void onlyFenceAgentNamesAreRun(String name) {
        scripts.write("evil", "touch @DIR@/evil.ran\n");
        FenceResult r = agent.execute(FenceAction.OFF, device(name), null, TIMEOUT);
        assertFalse(r.success());
        assertTrue(r.message().startsWith("refusing to run '"), r.message());
        assertTrue(r.message().contains("must be the name of an installed fence agent matching fence_[A-Za-z0-9_]+"),
                r.message());
        assertEquals("", scripts.read("evil.ran"));
        assertEquals(Set.of(), agent.metadata(device(name)).actions());
    }

    @Test
    void missingNotExecutableAndUnnamedAgentsFailClearly() {
        FenceResult missing = agent.execute(FenceAction.OFF, device("fence_nothere"), null, TIMEOUT);
        assertEquals("fence agent fence_nothere is not installed: no executable fence_nothere in " + scripts.dir()
                + " (the package fence-agents has the ClusterLabs agents)", missing.message());
        scripts.write("fence_noexec", "exit 0\n", false);
        FenceResult noexec = agent.execute(FenceAction.STATUS, device("fence_noexec"), null, TIMEOUT);
        assertEquals("fence agent " + scripts.dir().resolve("fence_noexec") + " is not executable", noexec.message());
        Map<String, String> d = device("x");
        d.remove("agent");
        FenceResult unnamed = agent.execute(FenceAction.STATUS, d, null, TIMEOUT);
        assertEquals("no fence agent named: the parameter 'agent' is required (e.g. agent=fence_ipmilan)",
                unnamed.message());
        FenceAgentMetadata m = agent.metadata(device("fence_nothere"));
        assertEquals(Set.of(), m.actions());
        assertTrue(m.description().contains("fence_nothere is not installed"), m.description());
        AgentParameter choice = m.parameters().get(0);
        assertEquals(ParameterType.SELECT, choice.type());
        assertTrue(choice.choices().contains("fence_switch"), choice.choices().toString());
        assertFalse(choice.choices().contains("fence_noexec"), choice.choices().toString());
    }

    @Test
    void theDirectoriesComeFromTheConfiguration() {
        ExternalFenceAgent a = new ExternalFenceAgent();
        assertEquals(List.of(Path.of("/usr/sbin"), Path.of("/usr/local/sbin")), a.directories());
        a.activate(settings(scripts.dir() + ", /opt/fence"));
        assertEquals(List.of(scripts.dir(), Path.of("/opt/fence")), a.directories());
        assertTrue(a.execute(FenceAction.STATUS, device("fence_switch"), "1", TIMEOUT).success());
        a.activate(settings("relative/dir"));
        assertEquals(List.of(scripts.dir(), Path.of("/opt/fence")), a.directories(), "a refused configuration "
                + "changes nothing");
        a.activate(settings(new String[0]));
        assertEquals(ExternalFenceAgent.DEFAULT_DIRECTORIES, a.directories());
    }

    private static ExternalFenceAgent.Settings settings(String... dirs) {
        return new ExternalFenceAgent.Settings() {
            @Override
            public String[] agent_directories() {
                return dirs;
            }

            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return ExternalFenceAgent.Settings.class;
            }
        };
    }

    @Test
    void aStatusThatKeepsFailingEndsTheConfirmationEarly() {
        scripts.write("fence_nostat", ScriptAgents.READ_OPTIONS
                + "case \"$ACTION\" in off) exit 0 ;; esac\necho 'ERROR: status: connection refused' >&2\nexit 1\n");
        long t0 = System.nanoTime();
        FenceResult r = agent.execute(FenceAction.OFF, device("fence_nostat"), null, Duration.ofSeconds(20));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(r.success());
        assertEquals("power off not confirmed: fence_nostat reported off done but its status could not be read: "
                + "fence_nostat status failed (exit code 1): status: connection refused", r.message());
        assertTrue(ms < 5000, "took " + ms + " ms");
    }

    @Test
    void theAdaptersOwnMetadata() {
        FenceAgentMetadata m = agent.metadata();
        assertEquals("external", m.type());
        assertEquals(Set.of(FenceAction.values()), m.actions());
        assertEquals(1, m.parameters().size());
        AgentParameter a = m.parameters().get(0);
        assertEquals("agent", a.name());
        assertTrue(a.required());
        assertFalse(a.secret());
        assertTrue(m.description().contains("every parameter of the named agent"), m.description());
    }

    @Test
    void metadataIsParsedMappedAndCachedPerAgentFile() throws Exception {
        Path meta = scripts.write("fence_meta", "if [ \"$1\" = -o ] && [ \"$2\" = metadata ]; then\n"
                + "echo run >> @DIR@/meta.count\ncat <<'XML'\n" + SAMPLE_METADATA + "XML\nexit 0\nfi\nexit 1\n");
        FenceAgentMetadata m = agent.metadata(device("fence_meta"));
        assertEquals("external", m.type());
        assertEquals("Fence agent for a test PDU (ClusterLabs fence_meta, run by the external adapter)",
                m.description());
        assertEquals(Set.of(FenceAction.ON, FenceAction.OFF, FenceAction.REBOOT, FenceAction.STATUS, FenceAction.LIST,
                FenceAction.MONITOR), m.actions());
        Map<String, AgentParameter> p = new HashMap<>();
        m.parameters().forEach(x -> p.put(x.name(), x));
        assertEquals(List.of("agent", "ip", "ipaddr", "ipport", "password", "passwd", "community", "ssl", "power_wait",
                "snmp_priv_passwd", "snmp_priv_passwd_script", "method"),
                m.parameters().stream().map(AgentParameter::name).toList());
        assertEquals("fence_meta", p.get("agent").defaultValue().orElseThrow());
        assertFalse(p.get("ip").required(), "ipaddr satisfies it too");
        assertEquals("IP address (required: give ip or ipaddr)", p.get("ip").description());
        assertEquals("IP address (deprecated name of ip)", p.get("ipaddr").description());
        assertEquals(ParameterType.INTEGER, p.get("ipport").type());
        assertEquals("161", p.get("ipport").defaultValue().orElseThrow());
        assertEquals(ParameterType.BOOLEAN, p.get("ssl").type());
        assertEquals(ParameterType.SECONDS, p.get("power_wait").type());
        assertEquals(ParameterType.SELECT, p.get("method").type());
        assertEquals(List.of("onoff", "cycle"), p.get("method").choices());
        assertTrue(p.get("method").required());
        for (String s : new String[] {"password", "passwd", "community", "snmp_priv_passwd"}) {
            assertTrue(p.get(s).secret(), s);
        }
        assertFalse(p.get("snmp_priv_passwd_script").secret());
        assertEquals(java.util.Optional.empty(), p.get("community").defaultValue(), "a secret's default is not shown");

        assertEquals(m, agent.metadata(device("fence_meta")));
        assertEquals(1, scripts.read("meta.count").lines().count(), "metadata should be cached");
        Files.setLastModifiedTime(meta, FileTime.from(Instant.now().plusSeconds(5)));
        agent.metadata(device("fence_meta"));
        assertEquals(2, scripts.read("meta.count").lines().count(), "a changed agent file is read again");
    }

    @Test
    void withoutStatusOffAndOnAreNotOffered() {
        scripts.write("fence_nostatus", "cat <<'XML'\n<?xml version=\"1.0\" ?>\n<resource-agent name=\"fence_nostatus\">"
                + "<parameters><parameter name=\"timeout\" required=\"0\"><content type=\"second\"/></parameter>"
                + "</parameters><actions><action name=\"off\"/><action name=\"monitor\"/></actions></resource-agent>\n"
                + "XML\n");
        FenceAgentMetadata m = agent.metadata(device("fence_nostatus"));
        assertEquals(Set.of(FenceAction.MONITOR), m.actions());
        assertEquals(ParameterType.SECONDS, m.parameters().get(1).type());
    }

    private static boolean awaitGone(long pid) throws InterruptedException {
        long end = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < end) {
            if (!ScriptAgents.running(pid)) {
                return false;
            }
            Thread.sleep(20);
        }
        return ScriptAgents.running(pid);
    }

    static final String SAMPLE_METADATA = "<?xml version=\"1.0\" ?>\n"
            + "<resource-agent name=\"fence_meta\" shortdesc=\"Fence agent for a test PDU\" >\n"
            + "<longdesc>Long text.</longdesc>\n"
            + "<parameters>\n"
            + "\t<parameter name=\"action\" unique=\"0\" required=\"1\">\n"
            + "\t\t<getopt mixed=\"-o, --action=[action]\" />\n"
            + "\t\t<content type=\"string\" default=\"reboot\"  />\n"
            + "\t\t<shortdesc lang=\"en\">Fencing action</shortdesc>\n\t</parameter>\n"
            + "\t<parameter name=\"ip\" unique=\"0\" required=\"1\" obsoletes=\"ipaddr\">\n"
            + "\t\t<content type=\"string\"  />\n\t\t<shortdesc lang=\"en\">IP address</shortdesc>\n\t</parameter>\n"
            + "\t<parameter name=\"ipaddr\" unique=\"0\" required=\"1\" deprecated=\"1\">\n"
            + "\t\t<content type=\"string\"  />\n\t\t<shortdesc lang=\"en\">IP address</shortdesc>\n\t</parameter>\n"
            + "\t<parameter name=\"ipport\" unique=\"0\" required=\"0\">\n"
            + "\t\t<content type=\"integer\" default=\"161\"  />\n\t\t<shortdesc lang=\"en\">Port</shortdesc>\n"
            + "\t</parameter>\n"
            + "\t<parameter name=\"password\" unique=\"0\" required=\"0\" obsoletes=\"passwd\">\n"
            + "\t\t<content type=\"string\"  />\n\t\t<shortdesc lang=\"en\">Password</shortdesc>\n\t</parameter>\n"
            + "\t<parameter name=\"passwd\" unique=\"0\" required=\"0\" deprecated=\"1\">\n"
            + "\t\t<content type=\"string\"  />\n\t\t<shortdesc lang=\"en\">Password</shortdesc>\n\t</parameter>\n"
            + "\t<parameter name=\"community\" unique=\"0\" required=\"0\">\n"
            + "\t\t<content type=\"string\" default=\"private\" />\n\t\t<shortdesc lang=\"en\">Community</shortdesc>\n"
            + "\t</parameter>\n"
            + "\t<parameter name=\"ssl\" unique=\"0\" required=\"0\">\n"
            + "\t\t<content type=\"boolean\"  />\n\t\t<shortdesc lang=\"en\">SSL</shortdesc>\n\t</parameter>\n"
            + "\t<parameter name=\"power_wait\" unique=\"0\" required=\"0\">\n"
            + "\t\t<content type=\"second\" default=\"2\" />\n\t\t<shortdesc lang=\"en\">Wait</shortdesc>\n"
            + "\t</parameter>\n"
            + "\t<parameter name=\"plug\" unique=\"0\" required=\"1\" obsoletes=\"port\">\n"
            + "\t\t<content type=\"string\"  />\n\t\t<shortdesc lang=\"en\">Plug</shortdesc>\n\t</parameter>\n"
            + "\t<parameter name=\"port\" unique=\"0\" required=\"1\" deprecated=\"1\">\n"
            + "\t\t<content type=\"string\"  />\n\t\t<shortdesc lang=\"en\">Plug</shortdesc>\n\t</parameter>\n"
            + "\t<parameter name=\"snmp_priv_passwd\" unique=\"0\" required=\"0\">\n"
            + "\t\t<content type=\"string\"  />\n\t\t<shortdesc lang=\"en\">Privacy password</shortdesc>\n"
            + "\t</parameter>\n"
            + "\t<parameter name=\"snmp_priv_passwd_script\" unique=\"0\" required=\"0\">\n"
            + "\t\t<content type=\"string\"  />\n\t\t<shortdesc lang=\"en\">Script printing it</shortdesc>\n"
            + "\t</parameter>\n"
            + "\t<parameter name=\"method\" unique=\"0\" required=\"1\">\n"
            + "\t\t<content type=\"select\" default=\"onoff\"  >\n"
            + "\t\t\t<option value=\"onoff\" />\n\t\t\t<option value=\"cycle\" />\n\t\t</content>\n"
            + "\t\t<shortdesc lang=\"en\">Method to fence</shortdesc>\n\t</parameter>\n"
            + "\t<parameter name=\"help\" unique=\"0\" required=\"0\">\n"
            + "\t\t<content type=\"boolean\"  />\n\t\t<shortdesc lang=\"en\">Help</shortdesc>\n\t</parameter>\n"
            + "</parameters>\n"
            + "<actions>\n\t<action name=\"on\" automatic=\"0\"/>\n\t<action name=\"off\" />\n"
            + "\t<action name=\"reboot\" />\n\t<action name=\"status\" />\n\t<action name=\"list\" />\n"
            + "\t<action name=\"monitor\" />\n\t<action name=\"metadata\" />\n</actions>\n"
            + "</resource-agent>\n";
}
