package org.vigil.resource.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.resource.OcfResult;
import org.vigil.api.resource.OcfStatus;
import org.vigil.api.resource.ResourceAgent;
import org.vigil.api.resource.ResourceAgentMetadata;
import org.vigil.api.resource.ResourceInstance;
import org.vigil.api.resource.ResourceOperation;
import org.vigil.api.resource.ResourceParameter;
import org.vigil.resource.support.ProcessRunner;

/**
 * The {@code script} resource type, rgmanager's {@code <script name file>}: an LSB init script
 * run as {@code FILE start}, {@code FILE stop}, {@code FILE status}, in a process group of its
 * own that is killed when the operation overruns its timeout. LSB exit codes: for status, 0
 * running, 1 dead with a pid file, 2 dead with a lock file, 3 stopped, 4 unknown; for start and
 * stop, 0 success and 1–7 as OCF's. The message is the script's last lines of output.
 */
@Component(service = ResourceAgent.class, property = ResourceAgent.TYPE_PROPERTY + "=" + ScriptResourceAgent.TYPE)
public final class ScriptResourceAgent implements ResourceAgent {

    /** The resource type this agent serves. */
    public static final String TYPE = "script";

    private static final Logger LOG = LoggerFactory.getLogger(ScriptResourceAgent.class);

    private static final Map<String, String> ENVIRONMENT = Map.of("PATH",
        "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG", "C", "LC_ALL", "C");

    private static final ResourceAgentMetadata METADATA = new ResourceAgentMetadata(TYPE,
        "An LSB init script (start, stop, status), e.g. /etc/init.d/httpd",
        List.of(new ResourceParameter("name", true, true, Optional.empty(), "the resource's name"),
            new ResourceParameter("file", true, true, Optional.empty(),
                "absolute path of the LSB init script, e.g. /etc/init.d/httpd")),
        Map.of(ResourceOperation.START, Duration.ofSeconds(30), ResourceOperation.STOP, Duration.ofSeconds(30),
            ResourceOperation.MONITOR, Duration.ofSeconds(20), ResourceOperation.VALIDATE, Duration.ofSeconds(5)));

    @Override
    public ResourceAgentMetadata metadata() {
        return METADATA;
    }

    @Override
    public OcfResult execute(ResourceOperation operation, ResourceInstance resource, Duration timeout) {
        String file = resource.parameters().get("file");
        if (file == null || file.isBlank()) {
            return new OcfResult(OcfStatus.ERR_CONFIGURED, resource.name() + ": parameter file is required");
        }
        Path script = Path.of(file);
        if (!script.isAbsolute()) {
            return new OcfResult(OcfStatus.ERR_CONFIGURED, resource.name() + ": file " + file + " is not an absolute path");
        }
        if (!Files.exists(script)) {
            return new OcfResult(OcfStatus.ERR_INSTALLED, resource.name() + ": " + file + ": no such file on this node");
        }
        if (!Files.isRegularFile(script) || !Files.isExecutable(script)) {
            return new OcfResult(OcfStatus.ERR_CONFIGURED, resource.name() + ": " + file
                + (Files.isRegularFile(script) ? " is not executable" : " is not a file"));
        }
        if (operation == ResourceOperation.VALIDATE) {
            return new OcfResult(OcfStatus.SUCCESS, file + " is an executable script");
        }
        String action = switch (operation) {
            case START -> "start";
            case STOP -> "stop";
            default -> "status";
        };
        ProcessRunner.Outcome o;
        try {
            o = ProcessRunner.run(List.of(file, action), ENVIRONMENT, timeout, 5);
        } catch (IOException e) {
            return new OcfResult(OcfStatus.ERR_GENERIC, resource.name() + ": cannot run " + file + " " + action + ": "
                + e.getMessage());
        }
        String output = o.tail().isEmpty() ? "" : ": " + o.tail();
        if (o.timedOut() || o.interrupted()) {
            String why = o.timedOut() ? "timed out after " + seconds(timeout) : "was cancelled";
            LOG.warn("{}: {} {} {}; killed its process group ({} processes)", resource.name(), file, action, why, o.killed());
            return new OcfResult(o.timedOut() ? OcfStatus.TIMED_OUT : OcfStatus.ERR_GENERIC,
                file + " " + action + " " + why + "; killed its process group (" + o.killed() + " processes)" + output);
        }
        return operation == ResourceOperation.MONITOR ? status(file, o, output) : startStop(file, action, o, output);
    }

    private static OcfResult status(String file, ProcessRunner.Outcome o, String output) {
        return switch (o.exitCode()) {
            case 0 -> new OcfResult(OcfStatus.SUCCESS, "running" + output);
            case 1 -> new OcfResult(OcfStatus.ERR_GENERIC, "dead but its pid file exists (status 1)" + output);
            case 2 -> new OcfResult(OcfStatus.ERR_GENERIC, "dead but its lock file exists (status 2)" + output);
            case 3 -> new OcfResult(OcfStatus.NOT_RUNNING, "stopped (status 3)" + output);
            case 4 -> new OcfResult(OcfStatus.ERR_GENERIC, "status unknown (status 4)" + output);
            default -> new OcfResult(OcfStatus.ERR_GENERIC, file + " status exited with " + o.exitCode()
                + ", which is not an LSB status code (0-4)" + output);
        };
    }

    private static OcfResult startStop(String file, String action, ProcessRunner.Outcome o, String output) {
        int code = o.exitCode();
        if (code == 0) {
            return new OcfResult(OcfStatus.SUCCESS, action.equals("start") ? "started" + output : "stopped" + output);
        }
        if (code >= 1 && code <= 7) {
            return new OcfResult(OcfStatus.fromExitCode(code), file + " " + action + " exited with " + code + " ("
                + OcfStatus.fromExitCode(code).name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")" + output);
        }
        return new OcfResult(OcfStatus.ERR_GENERIC, file + " " + action + " exited with " + code
            + ", which is not an LSB code (0-7)" + output);
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }
}
