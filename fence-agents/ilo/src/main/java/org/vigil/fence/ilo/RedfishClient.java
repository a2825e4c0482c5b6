package org.vigil.fence.ilo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.api.fence.PowerState;

/**
 * Power control over DMTF Redfish, as iLO 5 and later serve it: {@code GET /redfish/v1} →
 * {@code Systems} → the first member (or {@code systems_uri}) → {@code PowerState}; commands are
 * {@code POST}s of {@code {"ResetType": "On" | "ForceOff" | "ForceRestart"}} to the target of the
 * system's {@code #ComputerSystem.Reset} action. HTTP basic authentication on every request.
 * One instance serves one action.
 */
final class RedfishClient implements PowerControl {

    private static final Logger LOG = LoggerFactory.getLogger(RedfishClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESET_ACTION = "#ComputerSystem.Reset";

    private final IloTarget target;
    private final Deadline deadline;
    private final String redfishUri;
    private final String authorization;
    private final HttpClient http;
    private String systemUri;
    private String resetTarget;

    /**
     * @param target     the iLO (with a trust for this action)
     * @param deadline   when the action must be over
     * @param redfishUri the service root, e.g. {@code /redfish/v1}
     * @param systemsUri the ComputerSystem to control, or null to discover it
     * @throws IloException when TLS cannot be set up
     */
    RedfishClient(IloTarget target, Deadline deadline, String redfishUri, String systemsUri) throws IloException {
        this.target = target;
        this.deadline = deadline;
        this.redfishUri = redfishUri;
        this.systemUri = systemsUri;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (target.login() + ":" + target.passwd()).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder()
                .sslContext(target.trust().sslContext(target.where()))
                .connectTimeout(Duration.ofMillis(Math.max(1, deadline.remainingMillis())))
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public PowerState status() throws IloException {
        String uri = system();
        JsonNode system = get(uri);
        rememberResetTarget(system);
        JsonNode state = system.get("PowerState");
        if (state == null || !state.isTextual()) {
            throw new IloException("the Redfish system " + uri + " at " + target.where() + " has no PowerState");
        }
        switch (state.asText()) {
            case "Off":
                return PowerState.OFF;
            case "On":
            case "PoweringOn":
            case "PoweringOff": // still powered: only "Off" confirms an off
            case "Paused":
                return PowerState.ON;
            default:
                throw new IloException("the Redfish system " + uri + " at " + target.where() + " reports PowerState '"
                        + snippet(state.asText()) + "', not one of On, Off, PoweringOn, PoweringOff, Paused");
        }
    }

    @Override
    public void powerOff() throws IloException {
        reset("ForceOff");
    }

    @Override
    public void powerOn() throws IloException {
        reset("On");
    }

    @Override
    public void powerCycle() throws IloException {
        reset("ForceRestart");
    }

    @Override
    public String offCommand() {
        return "ResetType ForceOff";
    }

    @Override
    public String onCommand() {
        return "ResetType On";
    }

    @Override
    public String cycleCommand() {
        return "ResetType ForceRestart";
    }

    private void reset(String type) throws IloException {
        if (resetTarget == null) {
            rememberResetTarget(get(system()));
        }
        if (resetTarget == null) {
            throw new IloException("the Redfish system " + systemUri + " at " + target.where() + " offers no "
                    + RESET_ACTION + " action (Actions[\"" + RESET_ACTION + "\"].target is missing)");
        }
        byte[] body = ("{\"ResetType\":\"" + type + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = request(resetTarget)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        send(request, "POST " + resetTarget + " (ResetType " + type + ")");
        LOG.debug("redfish {}: POST {} ResetType {} accepted", target.where(), resetTarget, type);
    }

    /** @return the ComputerSystem's path, discovered once per action from the service root */
    private String system() throws IloException {
        if (systemUri != null) {
            return systemUri;
        }
        JsonNode root = get(redfishUri);
        String systems = odataId(root.get("Systems"), redfishUri, "Systems");
        JsonNode collection = get(systems);
        JsonNode members = collection.get("Members");
        if (members == null || !members.isArray() || members.size() == 0) {
            throw new IloException("the Redfish Systems collection " + systems + " at " + target.where()
                    + " lists no system (Members is " + (members == null ? "missing" : "empty") + ")");
        }
        if (members.size() > 1) {
            LOG.info("redfish {}: {} lists {} systems; the first is used (set systems_uri to choose)", target.where(),
                    systems, members.size());
        }
        systemUri = odataId(members.get(0), systems, "Members[0]");
        return systemUri;
    }

    private void rememberResetTarget(JsonNode system) throws IloException {
        JsonNode action = system.path("Actions").path(RESET_ACTION).get("target");
        if (action != null && action.isTextual()) {
            resetTarget = path(action.asText(), systemUri, "Actions[\"" + RESET_ACTION + "\"].target");
        }
    }

    private String odataId(JsonNode link, String in, String name) throws IloException {
        JsonNode id = link == null ? null : link.get("@odata.id");
        if (id == null || !id.isTextual()) {
            throw new IloException("the Redfish resource " + in + " at " + target.where() + " has no " + name
                    + "[\"@odata.id\"] link" + (in.equals(redfishUri) ? " (is this a Redfish service root?)" : ""));
        }
        return path(id.asText(), in, name);
    }

    /** A link as a path on this iLO; absolute links to another host are refused. */
    private String path(String link, String in, String name) throws IloException {
        try {
            URI u = new URI(link);
            if (u.isAbsolute()) {
                if (!u.getScheme().equalsIgnoreCase("https") || !target.host().equalsIgnoreCase(u.getHost())) {
                    throw new IloException("the Redfish resource " + in + " at " + target.where() + " links " + name
                            + " to another place: " + snippet(link));
                }
                return u.getRawPath();
            }
            if (!link.startsWith("/")) {
                throw new IloException("the Redfish resource " + in + " at " + target.where() + " has a " + name
                        + " link that is not a path: '" + snippet(link) + "'");
            }
            return link;
        } catch (URISyntaxException e) {
            throw new IloException("the Redfish resource " + in + " at " + target.where() + " has a bad " + name
                    + " link: '" + snippet(link) + "'");
        }
    }

    private JsonNode get(String path) throws IloException {
        HttpResponse<byte[]> r = send(request(path).GET().build(), "GET " + path);
        try {
            JsonNode node = JSON.readTree(r.body());
            if (node == null || !node.isObject()) {
                throw new IloException("the answer to GET " + path + " from " + target.where() + " is not a JSON object"
                        + " (HTTP " + r.statusCode() + ", " + start(r.body()) + ")");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IloException("the answer to GET " + path + " from " + target.where() + " is not JSON (HTTP "
                    + r.statusCode() + ", " + start(r.body()) + "): " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IloException("the answer to GET " + path + " from " + target.where() + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    private HttpRequest.Builder request(String path) throws IloException {
        long left = deadline.remainingMillis();
        if (left <= 0) {
            throw deadline.timedOut("a free moment to send a request to " + target.where());
        }
        return HttpRequest.newBuilder(URI.create("https://" + target.where() + path))
                .timeout(Duration.ofMillis(left))
                .header("Accept", "application/json")
                .header("OData-Version", "4.0")
                .header("Authorization", authorization);
    }

    private HttpResponse<byte[]> send(HttpRequest request, String what) throws IloException {
        HttpResponse<byte[]> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw deadline.timedOut("the answer to " + what + " from " + target.where());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IloException("interrupted during " + what + " at " + target.where(), e);
        } catch (IOException e) {
            throw transportFailure(e, what);
        }
        int code = r.statusCode();
        if (code >= 200 && code < 300) {
            return r;
        }
        String detail = redfishError(r.body());
        switch (code) {
            case 401:
                throw new IloException("login refused by the Redfish service at " + target.where() + " (HTTP 401 on "
                        + what + "): wrong login or password for user '" + target.login() + "'" + detail);
            case 403:
                throw new IloException("user '" + target.login() + "' may not do " + what + " at " + target.where()
                        + " (HTTP 403): it needs the Virtual Power and Reset privilege" + detail);
            case 404:
                throw new IloException(what + " at " + target.where() + ": not found (HTTP 404); check "
                        + (systemUri != null && what.contains(systemUri) ? "systems_uri" : "redfish_uri")
                        + ", and use ilo_protocol=ribcl for an iLO without Redfish (iLO 2/3, iLO 4 before 2.30)"
                        + detail);
            default:
                throw new IloException(what + " at " + target.where() + " failed: HTTP " + code + detail);
        }
    }

    private IloException transportFailure(IOException e, String what) {
        if (target.trust().refusal() != null) {
            return new IloException(target.trust().refusal(), e);
        }
        Throwable c = e;
        while (c != null) {
            if (c instanceof ConnectException) {
                return new IloException("cannot connect to the iLO at " + target.where() + ": "
                        + (c.getMessage() == null ? "connection refused" : c.getMessage()), e);
            }
            if (c instanceof SSLException) {
                return new IloException("TLS with the iLO at " + target.where() + " failed during " + what + ": "
                        + c.getMessage(), e);
            }
            c = c.getCause();
        }
        return new IloException(what + " at " + target.where() + " failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }

    /** The Redfish error object's message, if the body has one: {@code ; iLO says: ...}. */
    private static String redfishError(byte[] body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            StringBuilder s = new StringBuilder();
            if (error.hasNonNull("message")) {
                s.append(error.get("message").asText());
            }
            for (JsonNode info : error.path("@Message.ExtendedInfo")) {
                String m = info.hasNonNull("Message") ? info.get("Message").asText()
                        : info.path("MessageId").asText("");
                if (!m.isEmpty()) {
                    s.append(s.length() == 0 ? "" : " / ").append(m);
                }
            }
            return s.length() == 0 ? "" : "; the iLO says: " + snippet(s.toString());
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String start(byte[] body) {
        if (body.length == 0) {
            return "empty body";
        }
        return "starts with '" + snippet(new String(body, 0, Math.min(body.length, 60), StandardCharsets.UTF_8)) + "'";
    }

    /** Text from the device for a message: printable, at most 160 characters. */
    static String snippet(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 160; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > 160 ? b + "..." : b.toString();
    }
}
