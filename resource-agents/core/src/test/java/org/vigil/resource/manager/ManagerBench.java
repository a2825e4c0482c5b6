package org.vigil.resource.manager;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.vigil.api.resource.OcfResult;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.ResourceAgent;
import org.vigil.api.resource.ResourceAgentMetadata;
import org.vigil.api.resource.ResourceInstance;
import org.vigil.api.resource.ResourceOperation;
import org.vigil.api.resource.ResourceState;

/**
 * Figures, not a test (profile {@code bench}): the cost of one monitor through the manager with an
 * in-process agent and with ClusterLabs' external OCF {@code Dummy} (through vigil-resource-ocf,
 * loaded by name: it is a dependency of this profile only), each against a direct call of the
 * same agent, median of {@code bench.iterations}; then how many in-process resources the manager
 * can monitor every 10 s with under 5% of one core, from the CPU time of a measured run.
 */
class ManagerBench {

    private static final int N = Integer.getInteger("bench.iterations", 1000);
    private final StringBuilder report = new StringBuilder();

    /** An agent that does nothing but answer: what remains is the manager's own cost. */
    static final class InProcessAgent implements ResourceAgent {
        final AtomicLong monitors = new AtomicLong();

        @Override
        public ResourceAgentMetadata metadata() {
            return new ResourceAgentMetadata("bench", "in-process", List.of(), Map.of());
        }

        @Override
        public OcfResult execute(ResourceOperation operation, ResourceInstance resource, Duration timeout) {
            if (operation == ResourceOperation.MONITOR) {
                monitors.incrementAndGet();
            }
            return new OcfResult(OcfStatus.SUCCESS, "");
        }
    }

    private void line(String s) {
        System.out.println(s);
        report.append(s).append('\n');
    }

    @Test
    void figures() throws Exception {
        line("Vigil local resource manager benchmark, " + N + " iterations, " + Runtime.getRuntime().availableProcessors()
            + " CPUs, " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        monitorOverhead();
        capacity();
        String out = System.getProperty("bench.report");
        if (out != null) {
            Files.writeString(Path.of(out), report.toString());
        }
    }

    private void monitorOverhead() throws Exception {
        InProcessAgent inProcess = new InProcessAgent();
        Path data = Files.createTempDirectory("vigil-bench");
        System.setProperty("karaf.data", data.toString());
        ResourceAgent ocf = (ResourceAgent) Class.forName("org.vigil.resource.ocf.OcfResourceAgent").getConstructor().newInstance();
        LocalResourceManagerImpl m = new LocalResourceManagerImpl(new LocalResourceManagerImpl.Defaults(Duration.ZERO,
            Duration.ofMinutes(10), Duration.ofSeconds(20), 4, 100), Clock.systemUTC());
        try {
            m.addAgent("bench", inProcess);
            m.addAgent("ocf", ocf);
            m.configurationChanged(ConfiguredResourcesTest.conf(1,
                "<resources><bench name=\"a\"/><ocf name=\"d\" agent=\"heartbeat:Dummy\"/></resources>"));
            m.start();
            m.probe().get(1, TimeUnit.MINUTES);
            if (!m.run("ocf:d", ResourceOperation.START).get(1, TimeUnit.MINUTES).result().isSuccess()) {
                throw new AssertionError("Dummy did not start: " + m.history());
            }
            ResourceInstance a = new ResourceInstance("bench:a", "bench", Map.of("name", "a"));
            ResourceInstance d = new ResourceInstance("ocf:d", "ocf", Map.of("name", "d", "agent", "heartbeat:Dummy"));
            Duration t = Duration.ofSeconds(20);
            // warm up
            for (int i = 0; i < Math.min(N, 2000); i++) {
                m.run("bench:a", ResourceOperation.MONITOR).get();
                inProcess.execute(ResourceOperation.MONITOR, a, t);
            }
            for (int i = 0; i < 10; i++) {
                ocf.execute(ResourceOperation.MONITOR, d, t);
            }
            long[] direct = new long[N];
            long[] managed = new long[N];
            long[] ocfDirect = new long[N];
            long[] ocfManaged = new long[N];
            for (int i = 0; i < N; i++) {
                long t0 = System.nanoTime();
                inProcess.execute(ResourceOperation.MONITOR, a, t);
                long t1 = System.nanoTime();
                OcfResult r = m.run("bench:a", ResourceOperation.MONITOR).get().result();
                long t2 = System.nanoTime();
                OcfResult o1 = ocf.execute(ResourceOperation.MONITOR, d, t);
                long t3 = System.nanoTime();
                OcfResult o2 = m.run("ocf:d", ResourceOperation.MONITOR).get().result();
                long t4 = System.nanoTime();
                if (!r.isSuccess() || !o1.isSuccess() || !o2.isSuccess()) {
                    throw new AssertionError("a monitor failed: " + r + " " + o1 + " " + o2);
                }
                direct[i] = t1 - t0;
                managed[i] = t2 - t1;
                ocfDirect[i] = t3 - t2;
                ocfManaged[i] = t4 - t3;
            }
            line("");
            line("One monitor (median / p90 of " + N + ", interleaved):");
            line(String.format(Locale.ROOT, "  in-process agent, direct call        %10s / %s", us(direct, 50), us(direct, 90)));
            line(String.format(Locale.ROOT, "  in-process agent, through manager    %10s / %s", us(managed, 50), us(managed, 90)));
            line(String.format(Locale.ROOT, "  OCF Dummy (fork+exec), direct call   %10s / %s", us(ocfDirect, 50), us(ocfDirect, 90)));
            line(String.format(Locale.ROOT, "  OCF Dummy, through manager           %10s / %s", us(ocfManaged, 50), us(ocfManaged, 90)));
            line(String.format(Locale.ROOT, "  manager overhead: %s (in-process), %s (Dummy)",
                us(diff(managed, direct), 50), us(diff(ocfManaged, ocfDirect), 50)));
            m.run("ocf:d", ResourceOperation.STOP).get(1, TimeUnit.MINUTES);
        } finally {
            m.deactivate();
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void capacity() throws Exception {
        int resources = Integer.getInteger("bench.resources", 2000);
        Duration interval = Duration.ofSeconds(1);
        Duration run = Duration.ofSeconds(Integer.getInteger("bench.seconds", 10));
        InProcessAgent agent = new InProcessAgent();
        LocalResourceManagerImpl m = new LocalResourceManagerImpl(new LocalResourceManagerImpl.Defaults(interval,
            Duration.ofMinutes(10), Duration.ofSeconds(20), 8, 500), Clock.systemUTC());
        try {
            m.addAgent("bench", agent);
            StringBuilder rm = new StringBuilder("<resources>");
            for (int i = 0; i < resources; i++) {
                rm.append("<bench name=\"r").append(i).append("\"/>");
            }
            m.configurationChanged(ConfiguredResourcesTest.conf(1, rm.append("</resources>").toString()));
            m.start();
            m.probe().get(1, TimeUnit.MINUTES);
            long running = m.resources().stream().filter(s -> s.state() == ResourceState.RUNNING).count();
            Thread.sleep(2 * interval.toMillis()); // let the recurring monitors spread and the JIT settle
            com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu0 = os.getProcessCpuTime();
            long lrm0 = lrmThreadCpu(threads);
            long mon0 = agent.monitors.get();
            long t0 = System.nanoTime();
            Thread.sleep(run.toMillis());
            long wall = System.nanoTime() - t0;
            long cpu = os.getProcessCpuTime() - cpu0;
            long lrm = lrmThreadCpu(threads) - lrm0;
            long monitors = agent.monitors.get() - mon0;
            double perSecond = monitors / (wall / 1e9);
            double cpuPerMonitorUs = cpu / 1e3 / monitors;
            double lrmPerMonitorUs = lrm / 1e3 / monitors;
            // at a 10 s interval each resource costs (cpu per monitor / 10 s) of a core
            long capacityProcess = (long) (0.05 * 10 / (cpuPerMonitorUs / 1e6));
            long capacityThreads = (long) (0.05 * 10 / (lrmPerMonitorUs / 1e6));
            line("");
            line("Recurring monitors: " + running + " in-process resources RUNNING, interval " + interval.toSeconds()
                + " s, measured for " + run.toSeconds() + " s:");
            line(String.format(Locale.ROOT, "  %.0f monitors/s; process CPU %.1f%% of one core (%.1f us per monitor), "
                + "manager threads %.1f%% (%.1f us per monitor)", perSecond, 100.0 * cpu / wall, cpuPerMonitorUs,
                100.0 * lrm / wall, lrmPerMonitorUs));
            line(String.format(Locale.ROOT, "  => at a 10 s interval under 5%% of one core: about %,d resources "
                + "(whole-process CPU), %,d (manager threads only)", capacityProcess, capacityThreads));
        } finally {
            m.deactivate();
        }
    }

    private static long lrmThreadCpu(ThreadMXBean threads) {
        long sum = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("vigil-lrm")) {
                long c = threads.getThreadCpuTime(info.getThreadId());
                if (c > 0) {
                    sum += c;
                }
            }
        }
        return sum;
    }

    private static long[] diff(long[] a, long[] b) {
        long[] d = new long[a.length];
        long[] sa = a.clone();
        long[] sb = b.clone();
        Arrays.sort(sa);
        Arrays.sort(sb);
        for (int i = 0; i < a.length; i++) {
            d[i] = sa[i] - sb[i];
        }
        return d;
    }

    private static String us(long[] nanos, int percentile) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        long v = s[Math.min(s.length - 1, s.length * percentile / 100)];
        return v >= 1_000_000 ? String.format(Locale.ROOT, "%.2f ms", v / 1e6) : String.format(Locale.ROOT, "%.1f us", v / 1e3);
    }

}
