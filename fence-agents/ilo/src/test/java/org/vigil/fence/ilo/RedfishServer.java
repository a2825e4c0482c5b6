package org.vigil.fence.ilo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Redfish service as an iLO 5 serves it, written from DMTF's Redfish specification (DSP0266) and
 * schema (ServiceRoot, ComputerSystemCollection, ComputerSystem with {@code PowerState} and the
 * {@code #ComputerSystem.Reset} action) and HPE's iLO 5 Redfish documentation: HTTPS with a
 * self-signed certificate, HTTP basic authentication, a 401 with a Redfish error object for a
 * wrong password, {@code ResetType} On, ForceOff, ForceRestart. It can also hang or answer garbage.
 */
final class RedfishServer implements AutoCloseable {

    /** What the service does with requests. */
    enum Behaviour {
        /** As an iLO 5. */
        NORMAL,
        /** Reads the request, never answers. */
        HANG,
        /** Answers 200 with an HTML page to everything (not JSON). */
        GARBAGE
    }

    static final String USER = "fence";
    static final String PASSWORD = "Secr3t-pw!";
    static final String SYSTEM = "/redfish/v1/Systems/1";
    static final String RESET = SYSTEM + "/Actions/ComputerSystem.Reset";

    private static final Pattern RESET_TYPE = Pattern.compile("\"ResetType\"\\s*:\\s*\"([^\"]*)\"");

    private final HttpsServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final SimulatedServer host;
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Behaviour behaviour = Behaviour.NORMAL;

    RedfishServer(TestCertificate certificate, SimulatedServer host) throws IOException {
        this.host = host;
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void behave(Behaviour b) {
        behaviour = b;
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            byte[] request = x.getRequestBody().readAllBytes();
            if (behaviour == Behaviour.HANG) {
                closing.await(60, TimeUnit.SECONDS);
                return;
            }
            if (behaviour == Behaviour.GARBAGE) {
                send(x, 200, "text/html", "<html><body>iLO is starting, please wait...</body></html>");
                return;
            }
            String path = x.getRequestURI().getPath();
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            String expected = "Basic " + Base64.getEncoder().encodeToString(
                    (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(x.getRequestHeaders().getFirst("Authorization"))) {
                x.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"iLO\"");
                send(x, 401, "application/json", error("Base.1.4.NoValidSession",
                        "There is no valid session established with the implementation."));
                return;
            }
            String method = x.getRequestMethod();
            if (method.equals("GET") && path.equals("/redfish/v1")) {
                send(x, 200, "application/json", "{\"@odata.context\":\"/redfish/v1/$metadata#ServiceRoot.ServiceRoot\","
                        + "\"@odata.id\":\"/redfish/v1/\",\"@odata.type\":\"#ServiceRoot.v1_5_1.ServiceRoot\","
                        + "\"Id\":\"RootService\",\"Name\":\"HPE RESTful Root Service\",\"RedfishVersion\":\"1.6.0\","
                        + "\"Systems\":{\"@odata.id\":\"/redfish/v1/Systems/\"},"
                        + "\"Chassis\":{\"@odata.id\":\"/redfish/v1/Chassis/\"},"
                        + "\"Managers\":{\"@odata.id\":\"/redfish/v1/Managers/\"},"
                        + "\"SessionService\":{\"@odata.id\":\"/redfish/v1/SessionService/\"},"
                        + "\"Links\":{\"Sessions\":{\"@odata.id\":\"/redfish/v1/SessionService/Sessions/\"}}}");
            } else if (method.equals("GET") && path.equals("/redfish/v1/Systems")) {
                send(x, 200, "application/json", "{\"@odata.id\":\"/redfish/v1/Systems/\","
                        + "\"@odata.type\":\"#ComputerSystemCollection.ComputerSystemCollection\","
                        + "\"Name\":\"Computer Systems\",\"Members\":[{\"@odata.id\":\"/redfish/v1/Systems/1/\"}],"
                        + "\"Members@odata.count\":1}");
            } else if (method.equals("GET") && path.equals(SYSTEM)) {
                send(x, 200, "application/json", "{\"@odata.id\":\"/redfish/v1/Systems/1/\","
                        + "\"@odata.type\":\"#ComputerSystem.v1_10_0.ComputerSystem\",\"Id\":\"1\","
                        + "\"Name\":\"Computer System\",\"Manufacturer\":\"HPE\",\"Model\":\"ProLiant DL360 Gen10\","
                        + "\"PowerState\":\"" + (host.isOn() ? "On" : "Off") + "\","
                        + "\"Actions\":{\"#ComputerSystem.Reset\":{\"ResetType@Redfish.AllowableValues\":"
                        + "[\"On\",\"ForceOff\",\"GracefulShutdown\",\"ForceRestart\",\"Nmi\",\"PushPowerButton\"],"
                        + "\"target\":\"/redfish/v1/Systems/1/Actions/ComputerSystem.Reset/\"}}}");
            } else if (method.equals("POST") && path.equals(RESET)) {
                Matcher m = RESET_TYPE.matcher(new String(request, StandardCharsets.UTF_8));
                String type = m.find() ? m.group(1) : "";
                switch (type) {
                    case "On":
                        host.powerOn();
                        break;
                    case "ForceOff":
                        host.forceOff();
                        break;
                    case "ForceRestart":
                        host.cycle();
                        break;
                    default:
                        send(x, 400, "application/json", error("Base.1.4.ActionParameterNotSupported",
                                "The parameter ResetType for the action ComputerSystem.Reset is not supported."));
                        return;
                }
                send(x, 200, "application/json", error("Base.1.4.Success", "Successfully Completed Request"));
            } else {
                send(x, 404, "application/json", error("Base.1.4.ResourceMissingAtURI",
                        "The resource at the URI " + path + " was not found."));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** iLO 5 answers errors and also successful actions with a Redfish error object. */
    private static String error(String messageId, String message) {
        return "{\"error\":{\"code\":\"iLO.0.10.ExtendedInfo\",\"message\":\"See @Message.ExtendedInfo for more "
                + "information.\",\"@Message.ExtendedInfo\":[{\"MessageId\":\"" + messageId + "\",\"Message\":\""
                + message + "\"}]}}";
    }

    private static void send(HttpExchange x, int code, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("OData-Version", "4.0");
        x.sendResponseHeaders(code, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
